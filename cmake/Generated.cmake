# Runs cle-gen over spec/ops at build time, into ${CLE_GEN_DIR} (never the
# source tree). Reruns when cle-gen, a spec file or a kernel file changes
# (the validator reads kernels/ to check each `impl: kernel`); cle-gen
# rewrites only outputs whose content changed, so touching one spec rebuilds
# only what really depends on the change.
#
# Defines:
#   CLE_GENERATED_SOURCES   cle_ops.c, cle_registry.c (compiled into the library)
#   CLE_GENERATED_HEADERS   include/cesperanto/cle_ops.h (public), cle_ops_impl.h (internal)
#   CLE_SPEC_TESTS_SOURCE   cle_spec_tests.c (the spec-test table, for tests/ops)
#   CLE_OPS_JSON            ops.json (the model as data)
#   CLE_OPS_SWIG            cle_ops.i (SWIG interface of the ops)
#   CLE_OPS_DOCS            operations.md (compared with docs/operations.md by a test)
#   CLE_REFERENCE_SOURCE    cle_reference_ops.c (+ .h): the test references' plumbing (tests/reference)
#   CLE_BINDING_FACADES     _ops.py, Cle.java (+ CleArrayOps.java), Cle.cs, ops.rb (per-language op facades, bindings/)
#   CLE_GEN_STAMP           touched after every run (depend on it from other folders)
#   target cle_generated    everything above
#   target update-docs      copies operations.md into docs/
if(NOT TARGET cle-gen)
  return()
endif()
# The repository root (this file is in cmake/), also when a test project includes it.
get_filename_component(CLE_ROOT ${CMAKE_CURRENT_LIST_DIR}/.. ABSOLUTE)

file(GLOB CLE_SPEC_FILES CONFIGURE_DEPENDS ${CLE_ROOT}/spec/ops/*.yaml)
file(GLOB CLE_SPEC_KERNEL_FILES CONFIGURE_DEPENDS ${CLE_ROOT}/kernels/*.cl)

set(CLE_GENERATED_HEADERS ${CLE_GEN_DIR}/include/cesperanto/cle_ops.h ${CLE_GEN_DIR}/cle_ops_impl.h)
set(CLE_GENERATED_SOURCES ${CLE_GEN_DIR}/cle_ops.c ${CLE_GEN_DIR}/cle_registry.c)
set(CLE_SPEC_TESTS_SOURCE ${CLE_GEN_DIR}/cle_spec_tests.c)
set(CLE_OPS_JSON ${CLE_GEN_DIR}/ops.json)
set(CLE_OPS_SWIG ${CLE_GEN_DIR}/cle_ops.i)
set(CLE_OPS_DOCS ${CLE_GEN_DIR}/operations.md)
set(CLE_REFERENCE_SOURCE ${CLE_GEN_DIR}/cle_reference_ops.c)
# Everything cle-gen writes; emitters added later append here.
set(CLE_GENERATED_OUTPUTS
  ${CLE_GENERATED_HEADERS} ${CLE_GENERATED_SOURCES} ${CLE_SPEC_TESTS_SOURCE}
  ${CLE_OPS_JSON} ${CLE_OPS_SWIG} ${CLE_OPS_DOCS} ${CLE_REFERENCE_SOURCE} ${CLE_GEN_DIR}/cle_reference_ops.h)
# Per-language facades over the SWIG layer (bindings/): Python, Java, C#, Ruby.
set(CLE_BINDING_FACADES ${CLE_GEN_DIR}/_ops.py ${CLE_GEN_DIR}/Cle.java ${CLE_GEN_DIR}/CleArrayOps.java ${CLE_GEN_DIR}/Cle.cs
    ${CLE_GEN_DIR}/ops.rb)
list(APPEND CLE_GENERATED_OUTPUTS ${CLE_BINDING_FACADES})

# The stamp is touched on every successful run: it is what make/ninja compare
# against the specs, while the real outputs keep their old time when unchanged.
set(CLE_GEN_STAMP ${CLE_GEN_DIR}/cle-gen.stamp)
add_custom_command(
  OUTPUT ${CLE_GEN_STAMP}
  BYPRODUCTS ${CLE_GENERATED_OUTPUTS}
  COMMAND cle-gen --spec-dir ${CLE_ROOT}/spec --kernels-dir ${CLE_ROOT}/kernels --out ${CLE_GEN_DIR}
  COMMAND ${CMAKE_COMMAND} -E touch ${CLE_GEN_STAMP}
  DEPENDS cle-gen ${CLE_SPEC_FILES} ${CLE_SPEC_KERNEL_FILES}
  COMMENT "cle-gen: spec/ops -> ${CLE_GEN_DIR}"
  VERBATIM)
add_custom_target(cle_generated DEPENDS ${CLE_GEN_STAMP})
# A generated file deleted from the build tree: drop the stamp first (the
# check runs as its own target, before cle_generated's rule is evaluated).
add_custom_target(cle_generated_check
  COMMAND ${CMAKE_COMMAND} -DSTAMP=${CLE_GEN_STAMP} "-DOUTPUTS=${CLE_GENERATED_OUTPUTS}"
          -P ${CLE_ROOT}/cmake/CheckGenerated.cmake
  VERBATIM)
add_dependencies(cle_generated cle_generated_check)

add_custom_target(update-docs
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CLE_ROOT}/docs
  COMMAND ${CMAKE_COMMAND} -E copy_if_different ${CLE_OPS_DOCS} ${CLE_ROOT}/docs/operations.md
  DEPENDS cle_generated
  COMMENT "docs/operations.md <- ${CLE_OPS_DOCS}"
  VERBATIM)
