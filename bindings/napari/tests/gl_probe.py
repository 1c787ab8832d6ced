"""Exit 0 when Qt's platform gives vispy (napari's canvas) an OpenGL context, else 1 (run.sh retries
with a new X server: an Xvfb that came up without GLX would fail every napari test alike)."""

import sys

from qtpy import API_NAME
from qtpy.QtWidgets import QApplication

app = QApplication([])
from vispy.app import Canvas, use_app  # noqa: E402
from vispy.gloo import gl  # noqa: E402

use_app(API_NAME.lower())  # the Qt binding napari uses: "pyqt5", ...
canvas = Canvas(show=False)
extensions = gl.glGetParameter(gl.GL_EXTENSIONS)
canvas.close()
sys.exit(0 if extensions else 1)
