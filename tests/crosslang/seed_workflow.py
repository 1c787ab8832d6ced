"""The seed workflow in Python; must match seed_workflow.c bit for bit.

    python seed_workflow.py DATA_DIR OUT_FILE
"""

import gc
import hashlib
import os
import sys

import cesperanto as cle


def line(name, arr):
    pixels = cle.pull(arr)
    digest = hashlib.sha256(pixels.tobytes()).hexdigest()
    return "%s %s %s %s\n" % (name, pixels.dtype.name, ",".join(str(s) for s in pixels.shape), digest)


def main(data_dir, out_file):
    blobs = cle.imread(os.path.join(data_dir, "blobs.tif"))
    head = cle.imread(os.path.join(data_dir, "mini-t1-head.tif"))
    blurred = cle.gaussian_blur(blobs, sigma_x=2, sigma_y=2)
    binary = cle.threshold_otsu(blurred)
    labels = cle.connected_component_labeling(binary)
    dog = cle.difference_of_gaussian(blobs, None, 1, 1, 0, 3, 3, 0)
    head_blurred = cle.gaussian_blur(head, sigma_x=1, sigma_y=1, sigma_z=1)
    head_binary = cle.threshold_otsu(head_blurred)
    head_labels = cle.connected_component_labeling(head_binary, connectivity="diamond")
    head_mip = cle.maximum_z_projection(head)
    head_dog = cle.difference_of_gaussian(head, None, 1, 1, 1, 2, 2, 2)
    tissue = cle.artificial_tissue(45, 37, 11, 7, 6, 4, 2.5, 2, 1.5, 42)
    op_scaled = blurred * 0.5 + (-20)  # the Array's operators run the ops the spec tags (multiply_image_and_scalar, ...)
    op_mask = op_scaled > 10
    op_total = blurred + op_scaled
    op_inverse = 1000 / (blurred + 1)
    outputs = [("blobs", blobs), ("blobs_blurred", blurred), ("blobs_binary", binary), ("blobs_labels", labels),
               ("blobs_dog", dog), ("head", head), ("head_blurred", head_blurred), ("head_binary", head_binary),
               ("head_labels", head_labels), ("head_mip", head_mip), ("head_dog", head_dog),
               ("tissue", tissue), ("op_scaled", op_scaled), ("op_mask", op_mask), ("op_total", op_total),
               ("op_inverse", op_inverse)]
    with open(out_file, "w", encoding="ascii", newline="\n") as f:
        for name, arr in outputs:
            f.write(line(name, arr))
    del name, arr, outputs, blobs, head, blurred, binary, labels, dog, head_blurred, head_binary, head_labels, head_mip, head_dog
    del tissue, op_scaled, op_mask, op_total, op_inverse
    gc.collect()
    if cle.live_array_count() != 0:
        sys.exit("seed_workflow.py: %d arrays leaked" % cle.live_array_count())


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: seed_workflow.py DATA_DIR OUT_FILE")
    main(sys.argv[1], sys.argv[2])
