# Embed every kernels/*.cl into the library as a sorted table
# {base name, bytes, length} (runtime/kernel_table.h), generated into
# ${CLE_GEN_DIR}/cle_kernels.c.
#
# Included from the top-level CMakeLists.txt, it defines the build rule and
# sets CLE_KERNELS_SOURCE (plus a target cle_kernels_embed to depend on).
# Run with -P at build time, it writes the table. Bytes are written as
# char-array initialisers, so any character is safe and no string-literal
# length limit applies.

if(NOT CMAKE_SCRIPT_MODE_FILE)
  # Adding or removing a .cl file re-runs configure (CONFIGURE_DEPENDS);
  # editing one re-runs the embedding (DEPENDS).
  file(GLOB CLE_KERNEL_FILES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/kernels/*.cl)
  set(CLE_KERNELS_SOURCE ${CLE_GEN_DIR}/cle_kernels.c)
  add_custom_command(
    OUTPUT ${CLE_KERNELS_SOURCE}
    COMMAND ${CMAKE_COMMAND} -DKERNEL_DIR=${CMAKE_SOURCE_DIR}/kernels -DOUT=${CLE_KERNELS_SOURCE}
            -P ${CMAKE_CURRENT_LIST_FILE}
    DEPENDS ${CLE_KERNEL_FILES} ${CMAKE_CURRENT_LIST_FILE}
    COMMENT "Embedding kernels/*.cl"
    VERBATIM)
  # The library lives in another directory: it depends on this target so the
  # rule above runs before it compiles.
  add_custom_target(cle_kernels_embed DEPENDS ${CLE_KERNELS_SOURCE})
  return()
endif()

# ---- script mode: write the table ----
if(NOT KERNEL_DIR OR NOT OUT)
  message(FATAL_ERROR "EmbedKernels.cmake: run with -DKERNEL_DIR=... -DOUT=... -P")
endif()

file(GLOB files ${KERNEL_DIR}/*.cl)
list(SORT files) # the runtime looks names up by binary search
string(REPEAT "0x[0-9a-f][0-9a-f]," 16 sixteen_bytes)

set(arrays "")
set(table "")
set(count 0)
foreach(f IN LISTS files)
  get_filename_component(name ${f} NAME_WLE)
  if(NOT name MATCHES "^[A-Za-z0-9_.+-]+$")
    message(FATAL_ERROR "EmbedKernels.cmake: kernel file name '${name}.cl' must use only letters, digits and _.+-")
  endif()
  file(READ ${f} hex HEX)
  string(LENGTH "${hex}" hex_length)
  math(EXPR length "${hex_length} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(REGEX REPLACE "(${sixteen_bytes})" "\\1\n  " bytes "${bytes}")
  string(APPEND arrays "/* kernels/${name}.cl */\nstatic const unsigned char kernel_${count}[] = {\n  ${bytes}0x00};\n\n")
  string(APPEND table "  {\"${name}\", (const char *)kernel_${count}, ${length}},\n")
  math(EXPR count "${count} + 1")
endforeach()
if(count EQUAL 0)
  set(table "  {\"\", \"\", 0}, /* placeholder: C has no empty arrays; the count is 0 */\n")
endif()

file(WRITE ${OUT}.tmp
"/* generated from the kernels folder (.cl files) by cmake/EmbedKernels.cmake — do not edit */
#include \"kernel_table.h\"

${arrays}const cle_embedded_kernel cle_embedded_kernels[] = {
${table}};
const size_t cle_embedded_kernel_count = ${count};
")
file(RENAME ${OUT}.tmp ${OUT})
