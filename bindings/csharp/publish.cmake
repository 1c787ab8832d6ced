# cmake -P step of bindings/csharp: the published layout in OUT, NuGet's for
# native assets, self-contained and relocatable:
#   OUT/Cesperanto.dll, Cesperanto.dll.config (Mono's dllmap: the P/Invoke
#     library "cesperanto_csharp" is runtimes/RID/native/libcesperanto_csharp.so,
#     relative to the assembly's folder)
#   OUT/runtimes/RID/native/libcesperanto_csharp.so (RUNPATH $ORIGIN)
#   OUT/runtimes/RID/native/SONAME of libcesperanto (no RUNPATH)
# Inputs: DLL, GLUE (the SWIG library), LIB (libcesperanto's file), SONAME,
# RID (linux-x64, linux-arm64), MONO_CPU (Mono's name of the processor).
file(REMOVE_RECURSE ${OUT})
set(native ${OUT}/runtimes/${RID}/native)
file(MAKE_DIRECTORY ${native})
file(COPY_FILE ${DLL} ${OUT}/Cesperanto.dll)
if(EXISTS ${DLL}.mdb)
  file(COPY_FILE ${DLL}.mdb ${OUT}/Cesperanto.dll.mdb)
endif()
file(COPY_FILE ${GLUE} ${native}/libcesperanto_csharp.so)
file(RPATH_SET FILE ${native}/libcesperanto_csharp.so NEW_RPATH "$ORIGIN")
file(COPY_FILE ${LIB} ${native}/${SONAME})
file(RPATH_REMOVE FILE ${native}/${SONAME})
file(WRITE ${OUT}/Cesperanto.dll.config
     "<configuration>\n"
     "  <dllmap dll=\"cesperanto_csharp\" os=\"linux\" cpu=\"${MONO_CPU}\"\n"
     "          target=\"runtimes/${RID}/native/libcesperanto_csharp.so\"/>\n"
     "</configuration>\n")
