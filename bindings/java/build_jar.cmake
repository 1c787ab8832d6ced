# cmake -P step of bindings/java: compile SWIG's classes, the hand-written
# sources (with the ImageJ bridge, against IJ_JAR) and the generated facade
# into WORK for Java RELEASE, put the native libraries under WORK/NATIVE_DIR,
# and pack everything into JARFILE with a manifest carrying VERSION.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/${NATIVE_DIR})
file(GLOB swig_sources ${SWIG_OUT}/*.java)
string(REPLACE "|" ";" facades "${FACADE}")
file(GLOB own_sources ${SRC_DIR}/net/cesperanto/*.java ${SRC_DIR}/net/cesperanto/imagej/*.java)
# SWIG's proxies override Object.finalize (deprecated): lint everything else.
# --release: class files and API of that Java release (Fiji-stable runs Java 8).
execute_process(
  COMMAND ${JAVAC} --release ${RELEASE} -parameters -encoding UTF-8 -Xlint:all,-deprecation,-removal -Werror
          -cp ${IJ_JAR} -d ${WORK} ${swig_sources} ${own_sources} ${facades}
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "javac failed for the Java binding")
endif()
string(REPLACE "|" ";" libs "${NATIVE_LIBS}")
# Under their plain names (libcesperanto.so, not libcesperanto.so.0.1.0): the
# loader extracts and loads them by those; the JNI library's need for the
# SONAME libcesperanto.so.0.1 is met by the library already loaded. The build
# tree's RUNPATH is dropped from the copies: nothing in the jar may point there.
foreach(lib ${libs})
  get_filename_component(name ${lib} NAME)
  string(REGEX REPLACE "\\.so\\..*$" ".so" name "${name}")
  file(COPY_FILE ${lib} ${WORK}/${NATIVE_DIR}/${name})
  file(RPATH_REMOVE FILE ${WORK}/${NATIVE_DIR}/${name})
endforeach()
string(REGEX MATCH "^[0-9]+\\.[0-9]+" spec_version "${VERSION}")
set(manifest ${WORK}.MF)
file(WRITE ${manifest}
     "Manifest-Version: 1.0\n"
     "Implementation-Title: cesperanto\n"
     "Implementation-Version: ${VERSION}\n"
     "Specification-Title: cesperanto\n"
     "Specification-Version: ${spec_version}\n"
     "Automatic-Module-Name: net.cesperanto\n"
     "Cesperanto-Java-Release: ${RELEASE}\n"
     "Cesperanto-Natives: ${NATIVE_DIR}\n")
execute_process(COMMAND ${JAR} cfm ${JARFILE} ${manifest} -C ${WORK} . RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "jar failed for the Java binding")
endif()
