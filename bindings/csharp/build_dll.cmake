# cmake -P step of bindings/csharp: compile SWIG's classes, the hand-written
# sources and the generated facade into OUT with warnings as errors.
file(GLOB swig_sources ${SWIG_OUT}/*.cs)
string(REPLACE "|" ";" own_sources "${SOURCES}")
execute_process(
  COMMAND ${MCS} -target:library -debug -warnaserror+ -nologo -out:${OUT}
          ${swig_sources} ${own_sources} ${FACADE}
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "mcs failed for the C# binding")
endif()
