# Run before cle-gen's build rule: if any generated file is missing (deleted
# by hand, or by a tool), remove the stamp so that the rule runs again.
# Makefiles compare only the stamp with the specs, and would otherwise leave
# the build failing on the missing file until the stamp is removed by hand.
#   cmake -DSTAMP=... "-DOUTPUTS=a;b;c" -P CheckGenerated.cmake
foreach(f IN LISTS OUTPUTS)
  if(NOT EXISTS "${f}")
    if(EXISTS "${STAMP}")
      message(STATUS "cle-gen: ${f} is missing; generating again")
      file(REMOVE "${STAMP}")
    endif()
    break()
  endif()
endforeach()
