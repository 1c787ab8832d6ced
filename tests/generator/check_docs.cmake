# docs_up_to_date: the committed docs/operations.md must equal the one
# cle-gen writes from the current spec.
#   cmake -DGENERATED=... -DCOMMITTED=... -DBUILD_DIR=... -P check_docs.cmake
if(NOT EXISTS ${GENERATED})
  message(FATAL_ERROR "${GENERATED} does not exist; build the project first")
endif()
file(READ ${GENERATED} generated)
set(committed "")
if(EXISTS ${COMMITTED})
  file(READ ${COMMITTED} committed)
endif()
if(NOT generated STREQUAL committed)
  message(FATAL_ERROR "docs/operations.md is stale (the spec changed since it was generated).\n"
                      "Refresh it with:  cmake --build ${BUILD_DIR} --target update-docs\n"
                      "then commit docs/operations.md.")
endif()
