# frozen_string_literal: true

# The seed workflow in Ruby; must match seed_workflow.c bit for bit.
#   ruby -I<build>/bindings/ruby/lib seed_workflow.rb DATA_DIR OUT_FILE
require "digest"
require "cesperanto"

abort "usage: seed_workflow.rb DATA_DIR OUT_FILE" unless ARGV.length == 2
data_dir, out_file = ARGV
cle = Cesperanto

# The pixels through Ruby's own values (pull), packed back as the dtype's bytes.
def line(name, arr)
  bytes = arr.pull.pack("#{Cesperanto::DTYPES.fetch(arr.dtype)[1]}*")
  "#{name} #{arr.dtype} #{arr.shape.join(',')} #{Digest::SHA256.hexdigest(bytes)}\n"
end

blobs = cle.imread(File.join(data_dir, "blobs.tif"))
head = cle.imread(File.join(data_dir, "mini-t1-head.tif"))
blurred = cle.gaussian_blur(blobs, sigma_x: 2, sigma_y: 2)
binary = cle.threshold_otsu(blurred)
labels = cle.connected_component_labeling(binary)
dog = cle.difference_of_gaussian(blobs, sigma1_x: 1, sigma1_y: 1, sigma1_z: 0, sigma2_x: 3, sigma2_y: 3, sigma2_z: 0)
head_blurred = cle.gaussian_blur(head, sigma_x: 1, sigma_y: 1, sigma_z: 1)
head_binary = cle.threshold_otsu(head_blurred)
head_labels = cle.connected_component_labeling(head_binary, connectivity: :diamond)
head_mip = cle.maximum_z_projection(head)
head_dog = cle.difference_of_gaussian(head, sigma1_x: 1, sigma1_y: 1, sigma1_z: 1, sigma2_x: 2, sigma2_y: 2, sigma2_z: 2)
tissue = cle.artificial_tissue(width: 45, height: 37, depth: 11, delta_x: 7, delta_y: 6, delta_z: 4,
                               sigma_x: 2.5, sigma_y: 2, sigma_z: 1.5, seed: 42)
# the operator pipeline (Ruby's arrays have no operators yet): blurred * 0.5 + -20, > 10, blurred + it, 1000 / (blurred + 1)
half = cle.multiply_image_and_scalar(blurred, scalar: 0.5)
op_scaled = cle.add_image_and_scalar(half, scalar: -20)
op_mask = cle.greater_constant(op_scaled, scalar: 10)
op_total = cle.add_images(blurred, op_scaled)
plus_one = cle.add_image_and_scalar(blurred, scalar: 1)
op_inverse = cle.divide_scalar_by_image(plus_one, scalar: 1000)
outputs = { "blobs" => blobs, "blobs_blurred" => blurred, "blobs_binary" => binary, "blobs_labels" => labels,
            "blobs_dog" => dog, "head" => head, "head_blurred" => head_blurred, "head_binary" => head_binary,
            "head_labels" => head_labels, "head_mip" => head_mip, "head_dog" => head_dog, "tissue" => tissue,
            "op_scaled" => op_scaled, "op_mask" => op_mask, "op_total" => op_total, "op_inverse" => op_inverse }
File.binwrite(out_file, outputs.map { |name, arr| line(name, arr) }.join)
outputs.each_value(&:close)
[half, plus_one].each(&:close)
abort "seed_workflow.rb: #{cle.live_array_count} arrays leaked" unless cle.live_array_count.zero?
