# Source this on the GPU machine (see ../shared/GPU-MACHINE.md) before building:
# registers NVIDIA's OpenCL driver beside pocl and makes the C dependencies that
# machine lacks (libyaml, libtiff, libpng, VkFFT's header) usable from .deb files carried with
# the working tree; they are unpacked into a prefix, never installed. Here:
#
#   mkdir -p .device/debs && cd .device/debs && apt-get download libyaml-0-2 libyaml-dev \
#     libtiff6 libtiff-dev libtiffxx6 libpng16-16 libpng-dev libjbig0 libdeflate0 libwebp7 \
#     liblerc4 libjpeg62-turbo libwebp-dev liblzma-dev libdeflate-dev libzstd-dev libjpeg62-turbo-dev \
#     zlib1g-dev libvkfft-dev
#
# (the -dev packages of libtiff's Requires.private are needed for its pkg-config file; zlib1g-dev
# for the spec tests, which read pyclesperanto's recorded results; libvkfft-dev is the one header
# vkFFT.h, found through CMAKE_PREFIX_PATH and CPATH below).
if command -v nvidia-smi >/dev/null 2>&1 || [ -e /dev/nvidia0 ]; then
  mkdir -p /etc/OpenCL/vendors
  echo libnvidia-opencl.so.1 > /etc/OpenCL/vendors/nvidia.icd
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
fi
CLE_DEBS=${CLE_DEBS:-.device/debs}
CLE_DEPS_PREFIX=${CLE_DEPS_PREFIX:-/tmp/cle-deps}
if ls "$CLE_DEBS"/*.deb >/dev/null 2>&1; then
  for f in "$CLE_DEBS"/*.deb; do dpkg -x "$f" "$CLE_DEPS_PREFIX"; done
  # .pc files name prefix=/usr; point them at the unpacked tree
  find "$CLE_DEPS_PREFIX" -name '*.pc' -exec sed -i "s|^prefix=.*|prefix=$CLE_DEPS_PREFIX/usr|" {} +
  _multi=$CLE_DEPS_PREFIX/usr/lib/x86_64-linux-gnu
  export PKG_CONFIG_PATH=$_multi/pkgconfig:$CLE_DEPS_PREFIX/usr/share/pkgconfig:${PKG_CONFIG_PATH:-}
  export CMAKE_PREFIX_PATH=$CLE_DEPS_PREFIX/usr:${CMAKE_PREFIX_PATH:-}
  export LD_LIBRARY_PATH=$_multi:$CLE_DEPS_PREFIX/usr/lib:${LD_LIBRARY_PATH:-}
  export CPATH=$CLE_DEPS_PREFIX/usr/include:$CLE_DEPS_PREFIX/usr/include/x86_64-linux-gnu:${CPATH:-}
  export LIBRARY_PATH=$_multi:${LIBRARY_PATH:-}
else
  echo "gpu-env: no $CLE_DEBS/*.deb, relying on system libyaml/libtiff/libpng"
fi
