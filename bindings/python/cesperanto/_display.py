"""Pictures of Arrays with matplotlib: imshow() and the Array's notebook view
(_repr_html_), as pyclesperanto 0.25.1 draws them. matplotlib is imported only
when a picture is drawn; without it _repr_html_ shows the values."""

import base64
import io

import numpy

from ._support import Array


def _labels_colormap():
    """pyclesperanto's label colours: black background, matplotlib's first four colours, then random ones
    from a fixed seed (the same colours as pyclesperanto's imshow(labels=True))."""
    from matplotlib.colors import ListedColormap

    if _labels_colormap.cache is None:
        rs = numpy.random.RandomState(numpy.random.MT19937(numpy.random.SeedSequence(3)))
        lut = rs.rand(65537, 3)
        lut[0, :] = 0
        lut[1] = [0.12156862745098039, 0.4666666666666667, 0.7058823529411765]
        lut[2] = [1.0, 0.4980392156862745, 0.054901960784313725]
        lut[3] = [0.17254901960784313, 0.6274509803921569, 0.17254901960784313]
        lut[4] = [0.8392156862745098, 0.15294117647058825, 0.1568627450980392]
        _labels_colormap.cache = ListedColormap(lut)
    return _labels_colormap.cache


_labels_colormap.cache = None


def _plane(image):
    """The 2D picture of an image: a 3D one is shown as its maximum projection along z (pyclesperanto's)."""
    if isinstance(image, Array):
        if image.ndim == 3:
            from . import _ops
            image = _ops.maximum_z_projection(image)
        return image.get()
    image = numpy.asarray(image)
    return image.max(axis=0) if image.ndim == 3 else image


def imshow(image, title=None, labels=False, min_display_intensity=None, max_display_intensity=None, color_map=None,
           plot=None, colorbar=False, colormap=None, alpha=None, continue_drawing=False):
    """Show an image (Array or numpy; 3D as its maximum z projection) with matplotlib.

    labels=True colours label images with pyclesperanto's label colours (0 black); otherwise
    colormap (default "Greys_r") between min_display_intensity and max_display_intensity.
    plot: a matplotlib Axes to draw into. colorbar: add one. alpha: blending.
    continue_drawing=True leaves the figure open for more (no plt.show()). color_map is the
    deprecated spelling of colormap. The signature is pyclesperanto 0.25.1's."""
    import matplotlib.pyplot as plt

    picture = _plane(image)
    if color_map is not None:
        import warnings

        warnings.warn("The imshow parameter color_map is deprecated. Use colormap instead.", DeprecationWarning,
                      stacklevel=2)
        if colormap is None:
            colormap = color_map
    if labels:
        colormap = _labels_colormap()
        if min_display_intensity is None:
            min_display_intensity = 0
        if max_display_intensity is None:
            max_display_intensity = 65536
    if colormap is None:
        colormap = "Greys_r"
    target = plt if plot is None else plot
    drawn = target.imshow(picture, cmap=colormap, vmin=min_display_intensity, vmax=max_display_intensity,
                          interpolation="nearest", alpha=alpha)
    if colorbar:
        if plot is None:
            plt.colorbar(drawn)
        else:
            plot.figure.colorbar(drawn, ax=plot)
    if title is not None:
        (plt.title if plot is None else plot.set_title)(title)
    if plot is None and not continue_drawing:
        plt.show()


def _png(figure):
    with io.BytesIO() as buffer:
        figure.savefig(buffer, format="png")
        return buffer.getvalue()


def _img(png):
    return '<img src="data:image/png;base64,%s"></img>' % base64.b64encode(png).decode("ascii")


def _size_text(nbytes):
    units = ["B", "kB", "MB", "GB", "TB"]
    size, unit = float(nbytes), 0
    while size > 1024 and unit < len(units) - 1:
        size /= 1024
        unit += 1
    return "%.1f %s" % (size, units[unit])


def repr_html(self):
    """The notebook view: a picture (2D, or 3D as its maximum projection), shape, dtype, size, min and max,
    and a histogram, as pyclesperanto's; small or 1D Arrays show their values."""
    try:
        import matplotlib
        import matplotlib.pyplot as plt
    except ImportError:
        matplotlib = None
    if matplotlib is None or self.ndim not in (2, 3) or self.size < 100:
        import html

        return "<pre>" + html.escape(repr(self)) + "</pre>"
    from . import _ops

    labels = self.dtype == numpy.uint32
    low, high = _ops.minimum_of_all_pixels(self), _ops.maximum_of_all_pixels(self)
    with plt.ioff():
        figure = plt.figure()
        imshow(self, labels=labels, continue_drawing=True, colorbar=not labels)
        picture = _img(_png(figure))
        plt.close(figure)
        histogram = ""
        if not labels:
            counts = _ops.histogram(self, num_bins=32, minimum_intensity=low, maximum_intensity=high).get()
            figure = plt.figure(figsize=(1.8, 1.2))
            plt.bar(range(len(counts)), counts)
            axes = plt.gca()
            axes.xaxis.set_ticklabels([])
            axes.yaxis.set_ticklabels([])
            plt.tick_params(left=False, bottom=False)
            histogram = _img(_png(figure))
            plt.close(figure)
    low, high = self.dtype.type(low), self.dtype.type(high)
    rows = [("shape", str(self.shape).replace(" ", "&nbsp;")), ("dtype", str(self.dtype)),
            ("size", _size_text(self.nbytes)), ("min", str(low)), ("max", str(high))]
    return "\n".join(
        ["<table>", "<tr>", "<td>", picture, "</td>", '<td style="text-align: center; vertical-align: top;">',
         "<b>cesperanto.Array</b> on %s<br/>" % str(self.device.name).replace("<", "&lt;"), "<table>"]
        + ["<tr><td>%s</td><td>%s</td></tr>" % row for row in rows]
        + ["</table>", histogram, "</td>", "</tr>", "</table>"])

