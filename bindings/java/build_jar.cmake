# cmake -P step of bindings/java: compile SWIG's classes, the hand-written
# sources and the generated facade into WORK, put the native libraries under
# WORK/NATIVE_DIR, and pack everything into JARFILE.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/${NATIVE_DIR})
file(GLOB swig_sources ${SWIG_OUT}/*.java)
file(GLOB own_sources ${SRC_DIR}/net/cesperanto/*.java)
# SWIG's proxies override Object.finalize (deprecated): lint everything else.
execute_process(
  COMMAND ${JAVAC} -parameters -encoding UTF-8 -Xlint:all,-deprecation,-removal -Werror
          -d ${WORK} ${swig_sources} ${own_sources} ${FACADE}
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "javac failed for the Java binding")
endif()
string(REPLACE "|" ";" libs "${NATIVE_LIBS}")
# Under their plain names (libcesperanto.so, not libcesperanto.so.0.1.0): the
# loader extracts and loads them by those; the JNI library's need for the
# SONAME libcesperanto.so.0.1 is met by the library already loaded.
file(MAKE_DIRECTORY ${WORK}/${NATIVE_DIR})
foreach(lib ${libs})
  get_filename_component(name ${lib} NAME)
  string(REGEX REPLACE "\\.so\\..*$" ".so" name "${name}")
  file(COPY_FILE ${lib} ${WORK}/${NATIVE_DIR}/${name})
endforeach()
execute_process(COMMAND ${JAR} cf ${JARFILE} -C ${WORK} . RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "jar failed for the Java binding")
endif()
