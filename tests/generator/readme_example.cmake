# The first ```yaml block of a README must be a spec cle-gen accepts; with
# SPEC_DIR, it must also be SPEC_DIR/ops/NAME.yaml word for word (the op the
# README shows how to add is a real one, built and tested with the others).
#   cmake -DCLE_GEN=... -DREADME=spec/README.md -DWORK=dir [-DSPEC_DIR=spec] -P readme_example.cmake
file(READ ${README} text)
string(FIND "${text}" "```yaml\n" start)
if(start LESS 0)
  message(FATAL_ERROR "${README} has no yaml example")
endif()
math(EXPR start "${start} + 8")
string(SUBSTRING "${text}" ${start} -1 rest)
string(FIND "${rest}" "```" end)
string(SUBSTRING "${rest}" 0 ${end} example)
string(REGEX MATCH "name: ([a-z0-9_]+)" _ "${example}")
set(name ${CMAKE_MATCH_1})
file(REMOVE_RECURSE ${WORK})
file(WRITE ${WORK}/spec/ops/${name}.yaml "${example}")
file(MAKE_DIRECTORY ${WORK}/kernels)
execute_process(
  COMMAND ${CLE_GEN} --spec-dir ${WORK}/spec --kernels-dir ${WORK}/kernels --out ${WORK}/out
  RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the example of ${README} is not a valid spec:\n${err}")
endif()
if(SPEC_DIR)
  if(NOT EXISTS ${SPEC_DIR}/ops/${name}.yaml)
    message(FATAL_ERROR "${README} shows ${name}, which ${SPEC_DIR}/ops/${name}.yaml does not define")
  endif()
  file(READ ${SPEC_DIR}/ops/${name}.yaml real)
  if(NOT real STREQUAL example)
    message(FATAL_ERROR "the example of ${README} differs from ${SPEC_DIR}/ops/${name}.yaml; keep them equal")
  endif()
endif()
