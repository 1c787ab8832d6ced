# frozen_string_literal: true

# The C messages (op, parameter, value) arrive as the matching exception classes.
class TestErrors < Minitest::Test
  def teardown
    GC.start
  end

  def test_hierarchy
    assert_operator Cesperanto::InvalidArgumentError, :<, ArgumentError
    assert_operator Cesperanto::InvalidArgumentError, :<, Cesperanto::Error
    [Cesperanto::DeviceError, Cesperanto::BuildError, Cesperanto::FileError, Cesperanto::UnsupportedError].each do |c|
      assert_operator c, :<, RuntimeError
      assert_operator c, :<, Cesperanto::Error
    end
    assert_operator Cesperanto::OutOfMemoryError, :<, StandardError
  end

  def test_negative_sigma
    src = Cesperanto.create([4, 4])
    e = assert_raises(Cesperanto::InvalidArgumentError) { Cesperanto.gaussian_blur(src, sigma_x: -1) }
    assert_equal "gaussian_blur: sigma_x must be >= 0, got -1", e.message
    assert_equal 1, e.code
  ensure
    src&.close
  end

  def test_nil_image
    e = assert_raises(ArgumentError) { Cesperanto.gaussian_blur(nil, sigma_x: 1) }
    assert_equal "gaussian_blur: input_image must not be NULL", e.message
  end

  def test_wrong_dtype
    src = Cesperanto.create([4, 4], dtype: :uint8)
    dst = Cesperanto.create([4, 4], dtype: :uint8)
    e = assert_raises(Cesperanto::InvalidArgumentError) do
      Cesperanto.gaussian_blur(src, output_image: dst, sigma_x: 1, sigma_y: 1)
    end
    assert_includes e.message, "gaussian_blur"
    assert_includes e.message, "output_image"
    assert_includes e.message, "uint8"
  ensure
    src&.close
    dst&.close
  end

  def test_bad_choice_and_missing_file
    src = Cesperanto.push([[1, 1, 0], [0, 0, 0], [0, 1, 1]], dtype: :uint8)
    e = assert_raises(Cesperanto::InvalidArgumentError) { Cesperanto.connected_component_labeling(src, connectivity: "star") }
    assert_includes e.message, "connected_component_labeling: connectivity"
    assert_includes e.message, "star"
    e = assert_raises(Cesperanto::FileError) { Cesperanto.imread("/nonexistent/file.tif") }
    assert_equal Cesperanto::Native::ERROR_IO, e.code
    assert_includes e.message, "/nonexistent/file.tif"
  ensure
    src&.close
  end

  def test_ruby_types_are_checked
    src = Cesperanto.create([2, 2])
    assert_raises(TypeError) { Cesperanto.gaussian_blur(src, sigma_x: "2") }
    assert_raises(TypeError) { Cesperanto.gaussian_blur("not an array") }
    assert_raises(TypeError) { Cesperanto.affine_transform(src, transform_matrix: [1, 0, "x", 0, 1, 0, 0, 0, 1]) }
    e = assert_raises(Cesperanto::InvalidArgumentError) { Cesperanto.affine_transform(src, transform_matrix: [1, 2]) }
    assert_includes e.message, "transform_matrix"
    assert_raises(ArgumentError) { Cesperanto.gaussian_blur(src, sigma: 1) } # no such keyword
  ensure
    src&.close
  end

  def test_closed_array
    src = Cesperanto.create([2, 2])
    src.close
    src.close # idempotent
    assert src.closed?
    assert_equal "#<Cesperanto::CleArray closed>", src.inspect
    # SWIG's ObjectPreviouslyDeleted, a RuntimeError (its class is made when first raised)
    e = assert_raises(RuntimeError) { Cesperanto.gaussian_blur(src) }
    assert_equal "ObjectPreviouslyDeleted", e.class.name
    assert_includes e.message, "closed"
  end

  def test_error_does_not_leak_into_the_next_call
    assert_raises(Cesperanto::InvalidArgumentError) { Cesperanto.gaussian_blur(nil) }
    src = Cesperanto.push([1.0, 1.0, 1.0, 1.0], [2, 2])
    blurred = Cesperanto.gaussian_blur(src, sigma_x: 1, sigma_y: 1)
    blurred.pull.each { |v| assert_in_delta 1.0, v, 1e-6 }
  ensure
    src&.close
    blurred&.close
  end
end
