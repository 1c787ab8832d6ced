# Fiji script (Jython; File > New > Script..., Language > Python, or Plugins >
# Scripts once saved under Fiji.app/scripts/): blur the current image, threshold
# it with Otsu's method and label the objects on the GPU with cesperanto, then
# show the labels. Needs cesperanto.jar in Fiji.app/jars/ (its native library
# is inside) and an OpenCL driver. Without an open image it opens the sample
# named by the system property cesperanto.sample (the tests use data/blobs.tif),
# else ImageJ's Blobs sample.
from java.awt import GraphicsEnvironment
from java.lang import System
from ij import IJ, WindowManager
from net.cesperanto import Cle
from net.cesperanto.imagej import CleImageJ

imp = WindowManager.getCurrentImage()
if imp is None:
    sample = System.getProperty("cesperanto.sample")
    imp = IJ.openImage(sample) if sample else IJ.openImage("http://imagej.net/images/blobs.gif")

blobs = CleImageJ.push(imp)                        # 8/16/32-bit image or stack -> uint8/uint16/float32 array
blurred = Cle.gaussianBlur(blobs, None, 2.0, 2.0)  # sigmaZ keeps its default
binary = Cle.thresholdOtsu(blurred)
labels = Cle.connectedComponentLabeling(binary)
result = CleImageJ.pull(labels, imp.getTitle() + " labels")  # uint32 labels -> 32-bit image
for array in (blobs, blurred, binary, labels):
    array.close()                                  # free the GPU memory now, not at garbage collection

print("%d objects" % result.getStatistics().max)
if not GraphicsEnvironment.isHeadless():
    IJ.run(result, "glasbey_on_dark", "")
    result.show()
