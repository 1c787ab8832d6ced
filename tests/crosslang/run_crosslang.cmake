# Runs the seed workflow in C, Python, Java, C# and Ruby, then requires the
# five hash lists to be identical (the C one is the reference).
file(REMOVE_RECURSE ${OUT_DIR})
file(MAKE_DIRECTORY ${OUT_DIR})

function(run_language name)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "crosslang: the ${name} seed workflow failed (${rc}):\n${out}\n${err}")
  endif()
endfunction()

run_language(C ${C_EXE} ${DATA_DIR} ${OUT_DIR}/c.txt)
run_language(Python ${CMAKE_COMMAND} -E env PYTHONPATH=${PY_PATH} PYTHONDONTWRITEBYTECODE=1
             ${PYTHON} ${PY_SCRIPT} ${DATA_DIR} ${OUT_DIR}/python.txt)
run_language(Java ${JAVA} -cp ${JAVA_CP} SeedWorkflow ${DATA_DIR} ${OUT_DIR}/java.txt)
run_language(CSharp ${CMAKE_COMMAND} -E env MONO_PATH=${CS_DIR} LD_LIBRARY_PATH=${CS_DIR}
             ${MONO} ${CS_EXE} ${DATA_DIR} ${OUT_DIR}/csharp.txt)
run_language(Ruby ${RUBY} -w -I${RUBY_LIB} ${RUBY_SCRIPT} ${DATA_DIR} ${OUT_DIR}/ruby.txt)

file(READ ${OUT_DIR}/c.txt reference)
string(REGEX MATCHALL "\n" lines "${reference}")
list(LENGTH lines n)
if(n LESS 12)
  message(FATAL_ERROR "crosslang: the C reference has ${n} lines, expected 12:\n${reference}")
endif()
set(failed FALSE)
foreach(lang python java csharp ruby)
  file(READ ${OUT_DIR}/${lang}.txt got)
  if(NOT got STREQUAL reference)
    set(failed TRUE)
    message(SEND_ERROR "crosslang: ${lang} differs from C\n--- C\n${reference}--- ${lang}\n${got}")
  endif()
endforeach()
if(NOT failed)
  message(STATUS "crosslang: C, Python, Java, C# and Ruby agree on all ${n} outputs:\n${reference}")
endif()
