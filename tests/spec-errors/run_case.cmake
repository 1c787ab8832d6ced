# One spec-errors case: run cle-gen on CASE_DIR/spec (and CASE_DIR/kernels)
# from inside CASE_DIR, so messages name spec/ops/... as in expected.txt, and
# require exit status 1, stderr equal to expected.txt byte for byte, and no
# output written.
#   cmake -DCLE_GEN=path/to/cle-gen -DCASE_DIR=dir -DOUT_DIR=scratch -P run_case.cmake
file(REMOVE_RECURSE ${OUT_DIR})
execute_process(
  COMMAND ${CLE_GEN} --spec-dir spec --kernels-dir kernels --out ${OUT_DIR}
  WORKING_DIRECTORY ${CASE_DIR}
  RESULT_VARIABLE rc
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err)
file(READ ${CASE_DIR}/expected.txt expected)
set(problems "")
if(NOT rc EQUAL 1)
  string(APPEND problems "exit status ${rc}, expected 1\n")
endif()
if(NOT err STREQUAL expected)
  string(APPEND problems "stderr differs from expected.txt\n--- expected\n${expected}--- got\n${err}---\n")
endif()
if(NOT out STREQUAL "")
  string(APPEND problems "unexpected stdout:\n${out}\n")
endif()
if(EXISTS ${OUT_DIR})
  string(APPEND problems "cle-gen wrote ${OUT_DIR} although the spec has problems\n")
endif()
if(problems)
  message(FATAL_ERROR "${CASE_DIR}:\n${problems}")
endif()
