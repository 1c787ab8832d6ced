# frozen_string_literal: true

# Push/pull round trips for every dtype (extremes included), shapes, nesting, bytes, and ownership.
class TestArrays < Minitest::Test
  EXTREMES = {
    int8: [-128, -1, 0, 1, 127, 42],
    uint8: [0, 1, 127, 128, 255, 42],
    int16: [-32_768, -1, 0, 1, 32_767, 4242],
    uint16: [0, 1, 32_767, 32_768, 65_535, 4242],
    int32: [-2_147_483_648, -1, 0, 1, 2_147_483_647, 424_242],
    uint32: [0, 1, 2_147_483_647, 2_147_483_648, 4_294_967_295, 424_242],
    float32: [-0.0, 1.5, -3.25, 2.0**-126, 3.4028234663852886e38, Float::INFINITY]
  }.freeze

  def test_round_trip_every_dtype
    EXTREMES.each do |dtype, values|
      arr = Cesperanto.push(values, [2, 3], dtype: dtype)
      assert_equal [2, 3], arr.shape
      assert_equal dtype, arr.dtype
      assert_equal values, arr.pull, dtype.to_s
      assert_equal values.each_slice(3).to_a, arr.to_a
      assert_equal values.pack("#{Cesperanto::DTYPES[dtype][1]}*"), arr.to_bytes
      assert_equal 6 * Cesperanto::Native.dtype_size(Cesperanto::DTYPES[dtype][0]), arr.nbytes
      arr.close
    end
  end

  def test_nan_and_signed_zero_survive
    arr = Cesperanto.push([Float::NAN, -0.0, -Float::INFINITY])
    got = arr.pull
    assert got[0].nan?
    assert_equal(-Float::INFINITY, got[2])
    assert_equal [-0.0].pack("e"), [got[1]].pack("e")
  ensure
    arr&.close
  end

  def test_shapes_and_nesting
    cube = [[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]]
    arr = Cesperanto.push(cube, dtype: :int16)
    assert_equal [2, 3, 2], arr.shape
    assert_equal [2, 3, 2], [arr.depth, arr.height, arr.width]
    assert_equal 3, arr.ndim
    assert_equal 12, arr.size
    assert_equal cube, arr.to_a
    assert_equal (1..12).to_a, arr.pull
    line = Cesperanto.push([1, 2, 3], dtype: :uint8)
    assert_equal [3], line.shape
    assert_equal [1, 2, 3], line.to_a
  ensure
    arr&.close
    line&.close
  end

  def test_push_bytes
    bytes = [1, -2, 3, -4].pack("l<*")
    arr = Cesperanto.push(bytes, [2, 2], dtype: :int32)
    assert_equal [1, -2, 3, -4], arr.pull
    assert_equal bytes, Cesperanto.pull_bytes(arr)
    e = assert_raises(Cesperanto::InvalidArgumentError) { Cesperanto.push(bytes, [3, 2], dtype: :int32) }
    assert_includes e.message, "24 bytes"
  ensure
    arr&.close
  end

  def test_bad_pushes
    {
      -> { Cesperanto.push([256], dtype: :uint8) } => "256 is out of range for uint8",
      -> { Cesperanto.push([-129, 0], dtype: :int8) } => "-129 is out of range for int8",
      -> { Cesperanto.push([1.5], dtype: :int32) } => "int32 data must be Integers",
      -> { Cesperanto.push(["a"]) } => "float32 data must be numbers",
      -> { Cesperanto.push([[1, 2], [3]]) } => "ragged",
      -> { Cesperanto.push([1, 2, 3], [2, 2]) } => "the shape [2, 2] needs 4",
      -> { Cesperanto.push([1], dtype: :float64) } => "dtype: must be one of",
      -> { Cesperanto.push([]) } => "every size must be an Integer >= 1",
      -> { Cesperanto.create([1, 1, 1, 1]) } => "shape must have 1 to 3 sizes, got 4",
      -> { Cesperanto.push(42) } => "data must be an Array or a String"
    }.each do |call, words|
      e = assert_raises(Cesperanto::InvalidArgumentError) { call.call }
      assert_includes e.message, words
      assert_equal 1, e.code
    end
  end

  def test_create_fill_copy_like
    arr = Cesperanto.create([2, 3, 4], dtype: :uint16)
    arr.fill(7)
    assert_equal [7] * 24, arr.pull
    like = Cesperanto.create_like(arr, dtype: :float32)
    assert_equal [[2, 3, 4], :float32], [like.shape, like.dtype]
    same = Cesperanto.create_like(arr)
    arr.copy_to(same)
    assert_equal [7] * 24, same.pull
    assert_match(/Cesperanto::CleArray shape=\[2, 3, 4\] dtype=uint16/, arr.inspect)
  ensure
    [arr, like, same].each { |a| a&.close }
  end

  def test_pull_into_a_frozen_or_short_buffer
    arr = Cesperanto.push([1, 2], dtype: :uint8)
    assert_raises(FrozenError) { arr.pull_into("\0\0".b.freeze) }
    assert_raises(Cesperanto::InvalidArgumentError) { arr.pull_into("\0".b) }
  ensure
    arr&.close
  end

  # Each Ruby object owns one reference: close drops it at once, the GC drops the rest.
  def test_ownership
    before = Cesperanto.live_array_count
    arr = Cesperanto.create([8])
    assert_equal before + 1, Cesperanto.live_array_count
    arr.close
    assert_equal before, Cesperanto.live_array_count
    make_garbage(50)
    GC.start(full_mark: true, immediate_sweep: true)
    # Conservative stack scanning may keep a few; most must be gone.
    assert_operator Cesperanto.live_array_count - before, :<, 10
  end

  def test_devices
    refute_empty Cesperanto.list_devices
    dev = Cesperanto.device
    assert_kind_of Cesperanto::CleDevice, dev
    refute_empty dev.name
    assert_operator dev.global_memory, :>, 0
    arr = Cesperanto.create([2])
    assert_equal dev.name, arr.device.name
    arr.close
    assert_match(/\A\d+\.\d+\.\d+\z/, Cesperanto.version)
  end

  private

  def make_garbage(count)
    count.times { Cesperanto.create([16]) }
    nil
  end
end
