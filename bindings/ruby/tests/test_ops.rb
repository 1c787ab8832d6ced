# frozen_string_literal: true

# A few ops through the generated facade, each against a reference computed here in Ruby.
class TestOps < Minitest::Test
  def setup
    @open = []
  end

  def teardown
    @open.each(&:close)
  end

  def keep(*arrays)
    @open.concat(arrays)
    arrays.length == 1 ? arrays[0] : arrays
  end

  def data(name)
    File.join(ENV.fetch("CLE_DATA_DIR") { File.expand_path("../../../data", __dir__) }, name)
  end

  def test_pixelwise_with_defaults_and_keywords
    values = [0, 3, 250, 7, 9, 255]
    src = keep(Cesperanto.push(values, [2, 3], dtype: :uint8))
    plus = keep(Cesperanto.add_image_and_scalar(src)) # scalar defaults to 1
    assert_equal values.map { |v| v + 1.0 }, plus.pull
    assert_equal :float32, plus.dtype
    dst = keep(Cesperanto.create([2, 3], dtype: :uint8))
    got = keep(Cesperanto.add_image_and_scalar(src, output_image: dst, scalar: 10))
    assert_equal values.map { |v| [v + 10, 255].min }, dst.pull # saturated into the given uint8
    assert_equal dst.pull, got.pull
    binary = keep(Cesperanto.greater_constant(src, scalar: 8))
    assert_equal values.map { |v| v > 8 ? 1 : 0 }, binary.pull
  end

  def test_reductions_and_lists
    values = [[0, 0, 0, 0], [0, 5, 2, 0], [0, 1, 9, 0]]
    src = keep(Cesperanto.push(values, dtype: :int16))
    flat = values.flatten
    assert_equal flat.sum.to_f, Cesperanto.sum_of_all_pixels(src)
    assert_equal flat.max.to_f, Cesperanto.maximum_of_all_pixels(src)
    assert_equal flat.min.to_f, Cesperanto.minimum_of_all_pixels(src)
    # The box of the nonzero pixels, as pyclesperanto's list: [min_x, min_y, min_z, max_x, max_y, max_z].
    assert_equal [1.0, 1.0, 0.0, 2.0, 2.0, 0.0], Cesperanto.bounding_box(src)
    same = keep(Cesperanto.push(values, dtype: :int16))
    assert_equal true, Cesperanto.array_equal(src, same)
    same.fill(3)
    assert_equal false, Cesperanto.array_equal(src, same)
  end

  def test_labeling_against_a_flood_fill
    pattern = [[1, 1, 0, 0, 1],
               [0, 1, 0, 1, 1],
               [0, 0, 0, 0, 0],
               [1, 0, 1, 0, 1]]
    src = keep(Cesperanto.push(pattern, dtype: :uint8))
    { "box" => true, :sphere => false }.each do |connectivity, diagonal|
      labels = keep(Cesperanto.connected_component_labeling(src, connectivity: connectivity))
      assert_equal flood_fill(pattern, diagonal), labels.to_a, connectivity.to_s
    end
    label = keep(Cesperanto.label(src)) # the plain alias
    assert_equal flood_fill(pattern, true), label.to_a
  end

  def test_blobs_pipeline_and_statistics
    blobs = keep(Cesperanto.imread(data("blobs.tif")))
    assert_equal [[254, 256], :uint8], [blobs.shape, blobs.dtype]
    blurred = keep(Cesperanto.gaussian_blur(blobs, sigma_x: 2, sigma_y: 2))
    binary = keep(Cesperanto.threshold_otsu(blurred))
    labels = keep(Cesperanto.connected_component_labeling(binary))
    assert_equal 61.0, Cesperanto.maximum_of_all_pixels(labels) # pyclesperanto's count
    table = Cesperanto.statistics_of_labelled_pixels(blobs, labels)
    areas = Hash.new(0)
    labels.pull.each { |l| areas[l] += 1 unless l.zero? }
    assert_equal (1..61).map { |l| areas[l].to_f }, table.fetch("area")
    assert_equal (1..61).map(&:to_f), table.fetch("label")
  end

  def test_several_outputs_and_matrices
    ramp = keep(Cesperanto.push(Array.new(5) { |y| Array.new(6) { |x| (x * x + y).to_f } }))
    eig = keep(*Cesperanto.hessian_eigenvalues(ramp))
    assert_equal 2, eig.length # 2D: the smallest and the largest
    eig.each { |e| assert_equal [5, 6], e.shape }
    src = keep(Cesperanto.push([[1, 2, 3], [4, 5, 6]]))
    shifted = keep(Cesperanto.affine_transform(src, transform_matrix: [[1, 0, 1], [0, 1, 0], [0, 0, 1]]))
    assert_equal [[0.0, 1.0, 2.0], [0.0, 4.0, 5.0]], shifted.to_a
  end

  def test_ops_without_inputs_and_optional_ints
    tissue = keep(Cesperanto.artificial_tissue(width: 20, height: 10, seed: 3))
    assert_equal [10, 20], tissue.shape
    again = keep(Cesperanto.artificial_tissue(width: 20, height: 10, seed: 3))
    assert_equal tissue.to_bytes, again.to_bytes
    line = keep(Cesperanto.push((0...10).to_a, dtype: :int32))
    stepped = keep(Cesperanto.range(line, start_x: 1, stop_x: nil, step_x: 3)) # stop: None (to the end)
    assert_equal [1, 4, 7], stepped.pull
  end

  def test_execute_a_kernel
    src = keep(Cesperanto.push([0.0, 1.0, 2.0, 3.0]))
    dst = keep(Cesperanto.create([4]))
    kernel = <<~CL
      __kernel void add_scaled(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, float factor, int offset) {
        const int x = get_global_id(0);
        const float v = READ_IMAGE(src, sampler, POS_src_INSTANCE(x, 0, 0, 0)).x;
        WRITE_IMAGE(dst, POS_dst_INSTANCE(x, 0, 0, 0), CONVERT_dst_PIXEL_TYPE(v * factor + offset));
      }
    CL
    Cesperanto.execute(kernel, "add_scaled", { src: src, dst: dst, factor: 2.0, offset: 1 })
    assert_equal [1.0, 3.0, 5.0, 7.0], dst.pull
    assert_raises(Cesperanto::InvalidArgumentError) do
      Cesperanto.execute(kernel, "add_scaled", { src: src, dst: dst, factor: 2.0, offset: "one" })
    end
    assert_raises(Cesperanto::BuildError) do
      Cesperanto.execute("__kernel void broken(IMAGE_dst_TYPE dst) { syntax error }", "broken", { dst: dst })
    end
  end

  def test_deprecated_alias_warns
    src = keep(Cesperanto.push([[1, 0], [0, 1]], dtype: :uint8))
    deprecated = Warning[:deprecated]
    Warning[:deprecated] = true
    labels = nil
    _, err = capture_io { labels = keep(Cesperanto.connected_components_labeling(src)) }
    assert_match(/connected_components_labeling is deprecated, use connected_component_labeling/, err)
    assert_equal [[1, 0], [0, 1]], labels.to_a
  ensure
    Warning[:deprecated] = deprecated
  end

  # README's Ruby example, as written there, from the repository root.
  def test_readme_example
    root = File.expand_path("../../..", __dir__)
    code = File.read(File.join(root, "README.md"))[/^```ruby\n(.*?)^```/m, 1]
    refute_nil code, "README.md has a ruby example"
    out, = capture_io { Dir.chdir(root) { Object.new.instance_eval { binding }.eval(code, "README.md") } }
    assert_equal "61 objects\n", out
  end

  def test_registry
    ops = Cesperanto.operations
    assert_operator ops.length, :>, 200
    blur = Cesperanto.operation(:gaussian_blur)
    assert_equal "gaussian_blur", blur.name
    assert_equal %w[sigma_x sigma_y sigma_z], Array.new(blur.param_count) { |i| blur.param(i).name }
    filters = Cesperanto.operations(category: "filter").map(&:name)
    assert_includes filters, "gaussian_blur"
    refute_includes filters, "connected_component_labeling"
    assert_raises(Cesperanto::InvalidArgumentError) { Cesperanto.operation("no_such_op") }
  end

  private

  # Labels 1..N in raster order of each object's first pixel (the numbering skimage.measure.label gives).
  def flood_fill(image, diagonal)
    h = image.length
    w = image[0].length
    labels = Array.new(h) { Array.new(w, 0) }
    steps = [[-1, 0], [1, 0], [0, -1], [0, 1]]
    steps += [[-1, -1], [-1, 1], [1, -1], [1, 1]] if diagonal
    n = 0
    h.times do |y|
      w.times do |x|
        next if image[y][x].zero? || labels[y][x].positive?

        n += 1
        stack = [[y, x]]
        labels[y][x] = n
        until stack.empty?
          cy, cx = stack.pop
          steps.each do |dy, dx|
            ny = cy + dy
            nx = cx + dx
            next unless ny.between?(0, h - 1) && nx.between?(0, w - 1)
            next if image[ny][nx].zero? || labels[ny][nx].positive?

            labels[ny][nx] = n
            stack << [ny, nx]
          end
        end
      end
    end
    labels
  end
end
