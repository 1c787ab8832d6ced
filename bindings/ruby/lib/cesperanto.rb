# frozen_string_literal: true

# cesperanto from Ruby: the hand-written layer over the SWIG module
# (Cesperanto::Native, native.so) -- devices, arrays, push/pull, files, kernel
# execution and the op registry. The operations themselves are module
# functions generated from the spec (cesperanto/ops.rb, required at the end).
#
# Arrays (Cesperanto::CleArray) live on the device; each Ruby object owns one
# reference, dropped when the GC collects it or at once by #close. Shapes are
# numpy-ordered ([z, y, x], [y, x] or [x]); flat pixel lists are x fastest.
# Errors are Cesperanto::InvalidArgumentError (an ArgumentError),
# OutOfMemoryError, DeviceError, BuildError, FileError and UnsupportedError
# (RuntimeErrors), all Cesperanto::Error with the C error #code.
require_relative "cesperanto/native"

module Cesperanto
  CleArray = Native::CleArray
  CleDevice = Native::CleDevice
  OperationDesc = Native::OperationDesc
  ParamDesc = Native::ParamDesc
  InputDesc = Native::InputDesc
  # An optional int param's None as C sees it (CLE_NONE).
  NONE = -2_147_483_648

  # dtype => [Native code, Array#pack directive (little-endian), integer range or nil]
  DTYPES = {
    int8: [Native::INT8, "c", -128..127],
    uint8: [Native::UINT8, "C", 0..255],
    int16: [Native::INT16, "s<", -32_768..32_767],
    uint16: [Native::UINT16, "S<", 0..65_535],
    int32: [Native::INT32, "l<", -2_147_483_648..2_147_483_647],
    uint32: [Native::UINT32, "L<", 0..4_294_967_295],
    float32: [Native::FLOAT32, "e", nil]
  }.freeze
  DTYPE_OF_CODE = DTYPES.to_h { |name, (code, _, _)| [code, name] }.freeze

  # The device array (Native::CleArray), with Ruby's conveniences.
  class Native::CleArray
    # Numpy-ordered shape: [z, y, x], [y, x] or [x].
    def shape
      Array.new(ndim) { |i| shape_at(i) }
    end

    # The dtype as a Symbol (:uint8, :float32, ...).
    def dtype
      DTYPE_OF_CODE.fetch(dtype_code)
    end

    # Drops this object's reference now; later use raises SWIG's ObjectPreviouslyDeleted (a
    # RuntimeError). Idempotent.
    def close
      Native.close_handle(self)
      nil
    end

    def closed?
      !Native.handle_open?(self)
    end

    # The pixels as a flat Array (x fastest) of Integer or Float.
    def pull
      Cesperanto.pull(self)
    end

    # The pixels nested by the shape ([z][y][x]).
    def to_a
      Cesperanto.nest(pull, shape)
    end

    # The pixels' bytes (little-endian, x fastest) as a binary String.
    def to_bytes
      Cesperanto.pull_bytes(self)
    end

    def inspect
      return "#<Cesperanto::CleArray closed>" if closed?

      "#<Cesperanto::CleArray shape=#{shape.inspect} dtype=#{dtype}>"
    end
    alias to_s inspect
  end

  class Native::CleDevice
    def inspect
      "#<Cesperanto::CleDevice #{name.inspect}>"
    end
    alias to_s inspect
  end

  class << self
    # ---- devices ----

    # Names of the OpenCL devices, in index order.
    def list_devices
      Array.new(Native.device_count) { |i| Native.device_get(i).name }
    end

    # Make the first device whose name, vendor or platform contains the text the default; returns it.
    def select_device(name_substring)
      Native.device_select(name_substring.to_s)
      Native.device_default
    end

    # The default device.
    def device
      Native.device_default
    end

    # ---- arrays ----

    # An uninitialised array of the shape on the default device.
    def create(shape, dtype: :float32)
      shape = check_shape("create", shape)
      Native.create_shape(nil, dtype_code(dtype), shape.length, *sizes(shape))
    end

    # An uninitialised array with the shape, device and (unless given) dtype of like.
    def create_like(like, dtype: nil)
      dtype.nil? ? Native.create_like(like) : Native.create_like_dtype(like, dtype_code(dtype))
    end

    # A new array from pixels: a nested Array (its nesting is the shape), a flat Array with
    # the shape, or a binary String of the dtype's little-endian values with the shape.
    # Integers for integer dtypes, in the dtype's range; numbers for float32.
    def push(data, shape = nil, dtype: :float32)
      code, directive, range = dtype_entry(dtype)
      if data.is_a?(String)
        shape = check_shape("push", shape)
        return Native.push_bytes(nil, data, code, shape.length, *sizes(shape))
      end
      invalid("push: data must be an Array or a String of bytes, got #{data.class}") unless data.is_a?(Array)
      if shape.nil?
        shape = nested_shape(data)
        data = data.flatten
      end
      shape = check_shape("push", shape)
      if data.length != shape.reduce(:*)
        invalid("push: data has #{data.length} values, the shape #{shape.inspect} needs #{shape.reduce(:*)}")
      end
      check_values(data, dtype, range)
      Native.push_bytes(nil, data.pack("#{directive}*"), code, shape.length, *sizes(shape))
    end

    # The pixels of an array as a flat Array (x fastest): Integers, or Floats for float32.
    def pull(array)
      pull_bytes(array).unpack("#{dtype_entry(array.dtype)[1]}*")
    end

    # The pixels' bytes (little-endian, x fastest) as a binary String.
    def pull_bytes(array)
      invalid("pull: array must not be nil") if array.nil?
      buffer = "\0".b * array.nbytes
      array.pull_into(buffer)
      buffer
    end

    # A flat Array nested by a shape ([z][y][x]).
    def nest(flat, shape)
      shape.drop(1).reverse.reduce(flat) { |rows, n| rows.each_slice(n).to_a }
    end

    # Arrays alive in this process; 0 once all are closed or collected.
    def live_array_count
      Native.live_array_count
    end

    # The library's version, "MAJOR.MINOR.PATCH".
    def version
      Native.version
    end

    # ---- files ----

    # Read a TIFF file (a page or a stack) into a new array on the default device.
    def imread(path)
      Native.image_read(nil, path.to_s)
    end

    # Write .tif/.tiff (data) or .png (a picture; uint32 arrays as coloured labels).
    def imwrite(array, path)
      Native.image_write(array, path.to_s, Native::PNG_AUTO)
      nil
    end

    # ---- kernels ----

    # Run an OpenCL kernel in the clij dialect. params maps each kernel parameter name to
    # a CleArray, an Integer (or true/false) or a Float; global_range is numpy-ordered like a
    # shape, nil for the shape of "dst" (else of the first array).
    def execute(source, kernel_name, params, global_range = nil)
      list = Native::KernelParams.new
      anchor = nil
      params.each do |name, value|
        name = name.to_s
        case value
        when CleArray
          list.add_array(name, value)
          anchor = value if anchor.nil? || name == "dst"
        when Integer then list.add_int(name, value)
        when true, false then list.add_int(name, value ? 1 : 0)
        when Float then list.add_float(name, value)
        else invalid("execute: parameter #{name} must be a CleArray, an Integer or a Float, got #{value.class}")
        end
      end
      if global_range.nil?
        invalid("execute: global_range is needed when no array parameter is given") if anchor.nil?
        global_range = anchor.shape
      end
      range = check_shape("execute", global_range)
      Native.execute_params(nil, source, kernel_name, list, range.length, *sizes(range))
      nil
    ensure
      Native.close_handle(list) if list
    end

    # ---- the op registry ----

    # Every operation (OperationDesc), in name order; only those of a category if given.
    def operations(category: nil)
      all = Array.new(Native.op_count) { |i| Native.op_info(i) }
      return all if category.nil?

      all.select { |op| Array.new(op.category_count) { |i| op.category(i) }.include?(category.to_s) }
    end

    # One operation by name; InvalidArgumentError if there is none.
    def operation(name)
      Native.op_find(name.to_s)
    end

    # ---- what the generated ops (ops.rb) call ----

    # A string param: a String, or a Symbol for it (connectivity: :box).
    def string_arg(value)
      value.is_a?(Symbol) ? value.to_s : value
    end

    # A float_list param: nil (None) or numbers, nested lists flattened (a matrix by rows).
    def float_list_arg(value)
      value.is_a?(Array) ? value.flatten : value
    end

    # A float32 vector result as the Array of Floats pyclesperanto's list gives; closes it.
    def pull_list(vector)
      vector.pull
    ensure
      vector&.close
    end

    # A table result as column name => Array of Float (one per row), in column order; closes it.
    def pull_table(table)
      rows = table.row_count
      Array.new(table.column_count) { |c| [table.column_name(c), Array.new(rows) { |r| table.value(c, r) }] }.to_h
    ensure
      Native.close_handle(table) if table
    end

    # Several outputs as an Array of CleArray in the op's order; closes the list.
    def arrays(list)
      Array.new(list.count) { |i| list.get(i) }
    ensure
      Native.close_handle(list) if list
    end

    # The warning of a deprecated alias (shown where Warning[:deprecated] is on, as Ruby's own).
    def deprecated(old_name, new_name)
      warn("cesperanto: #{old_name} is deprecated, use #{new_name}", category: :deprecated, uplevel: 2)
    end

    private

    def invalid(message)
      error = InvalidArgumentError.new(message)
      error.instance_variable_set(:@code, Native::ERROR_INVALID_ARGUMENT)
      raise error
    end

    def dtype_entry(dtype)
      DTYPES.fetch(dtype.to_s.to_sym) do
        invalid("dtype: must be one of #{DTYPES.keys.join(', ')}, got #{dtype.inspect}")
      end
    end

    def dtype_code(dtype)
      dtype_entry(dtype)[0]
    end

    def check_shape(who, shape)
      shape = Array(shape)
      unless (1..3).cover?(shape.length)
        invalid("#{who}: shape must have 1 to 3 sizes, got #{shape.length}")
      end
      unless shape.all? { |s| s.is_a?(Integer) && s >= 1 }
        invalid("#{who}: every size must be an Integer >= 1, got #{shape.inspect}")
      end
      shape
    end

    def sizes(shape)
      [shape[0], shape[1] || 1, shape[2] || 1]
    end

    # The shape a nested Array spells, or an error if it is ragged.
    def nested_shape(data)
      shape = []
      level = data
      while level.is_a?(Array)
        shape << level.length
        level = level[0]
      end
      check_nesting(data, shape, 0)
      shape
    end

    def check_nesting(data, shape, depth)
      if depth == shape.length
        invalid("push: ragged data: a list where a value is expected") if data.is_a?(Array)
        return
      end
      unless data.is_a?(Array) && data.length == shape[depth]
        invalid("push: ragged data: expected #{shape[depth]} items at depth #{depth}, got #{data.inspect[0, 40]}")
      end
      data.each { |item| check_nesting(item, shape, depth + 1) }
    end

    def check_values(data, dtype, range)
      if range.nil?
        bad = data.find { |v| !v.is_a?(Numeric) }
        invalid("push: float32 data must be numbers, got #{bad.inspect}") unless bad.nil?
        return
      end
      bad = data.find { |v| !v.is_a?(Integer) }
      invalid("push: #{dtype} data must be Integers, got #{bad.inspect}") unless bad.nil?
      low, high = data.minmax
      return if range.cover?(low) && range.cover?(high)

      invalid("push: #{range.cover?(low) ? high : low} is out of range for #{dtype} (#{range})")
    end
  end
end

require_relative "cesperanto/ops"
