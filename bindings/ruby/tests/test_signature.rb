# frozen_string_literal: true

require "json"
require "minitest/mock"

# Every op's Ruby method matches ops.json: the name, the parameters' names, order and kinds
# (what must be given is positional, the rest keywords) as Method#parameters sees them, and
# the defaults as they reach the SWIG layer: Native's function is stubbed to catch the
# arguments the facade passes, with only the required ones given and with every keyword set.
class TestSignature < Minitest::Test
  # Raised by the stub, with the arguments Native would have received.
  class Caught < StandardError
    attr_reader :args

    def initialize(args)
      @args = args
      super("caught")
    end
  end

  OPS = JSON.parse(File.read(ENV.fetch("CLE_OPS_JSON"))).fetch("ops")

  def native_name(name)
    Cesperanto::Native.respond_to?(name) ? name : "#{name}_" # cle_ops.i: Python builtins end in _
  end

  # The arguments Native.fn gets from calling the method with args / kwargs.
  def caught(method, fn, args, kwargs = {})
    Cesperanto::Native.stub(fn, ->(*native_args) { raise Caught, native_args }) do
      Cesperanto.public_send(method, *args, **kwargs)
      flunk "#{method} did not call Native.#{fn}"
    end
  rescue Caught => e
    e.args
  rescue ArgumentError => e # the call does not fit the method: a problem, reported with the others
    ["#{method} raised #{e.message}"]
  end

  def first_default(params)
    first = params.length
    first -= 1 while first.positive? && !params[first - 1]["default"].nil?
    first
  end

  def dst?(op)
    op["output"]["kind"] == "array" && op["output"]["returns"] != "list"
  end

  # [kind, name] pairs as Method#parameters gives them.
  def expected_parameters(op)
    params = op["params"]
    first = first_default(params)
    optional_outputs = first.zero?
    want = op["inputs"].map { |i| [:req, i["name"].to_sym] }
    want << [optional_outputs ? :key : :req, op["output"]["name"].to_sym] if dst?(op)
    op["outputs"].each { |o| want << [optional_outputs ? :key : :req, o["name"].to_sym] }
    params.each_with_index { |p, k| want << [k >= first ? :key : :req, p["name"].to_sym] }
    want
  end

  def sample(param, k)
    case param["type"]
    when "float" then 100.5 + k
    when "int" then 100 + k
    when "bool" then param["default"] != true
    when "string" then "s#{k}"
    when "float_list" then [k.to_f, 0.5]
    else raise "unknown type #{param['type']}"
    end
  end

  # The default as Native must get it: nil for None lists, CLE_NONE for None ints.
  def expected_default(param)
    value = param["default"]
    case param["type"]
    when "float"
      { "nan" => Float::NAN, "inf" => Float::INFINITY, "-inf" => -Float::INFINITY }.fetch(value) { value.to_f }
    when "float_list" then nil
    else value
    end
  end

  def same_value?(want, got)
    return got.is_a?(Float) && got.nan? if want.is_a?(Float) && want.nan?
    return want.equal?(got) if [true, false, nil].include?(want)

    want == got && (want.is_a?(Float) ? got.is_a?(Float) : want.instance_of?(got.class))
  end

  def generated_methods
    Cesperanto.singleton_methods(false).select do |m|
      Cesperanto.method(m).source_location&.first&.end_with?("cesperanto/ops.rb")
    end
  end

  def test_one_method_per_op_and_alias
    names = OPS.flat_map { |op| [op["name"]] + op["aliases"].map { |a| a["name"] } }
    assert_equal names.sort, generated_methods.map(&:to_s).sort
  end

  def test_every_op_matches_ops_json
    problems = []
    OPS.each do |op|
      name = op["name"]
      unless Cesperanto.respond_to?(name)
        problems << "#{name}: no method"
        next
      end
      got = Cesperanto.method(name).parameters
      want = expected_parameters(op)
      problems << "#{name}: parameters #{got.inspect}, spec #{want.inspect}" if got != want
      problems.concat(check_arguments(op))
    end
    assert_empty problems, problems.join("\n")
  end

  # What Native gets: the device (nil) for an op without inputs, the inputs, the output(s), the params.
  def check_arguments(op)
    name = op["name"]
    fn = native_name(name)
    params = op["params"]
    first = first_default(params)
    inputs = op["inputs"].map { |i| "input #{i['name']}" } # sentinels: the facade passes inputs on as they are
    dst = "dst #{op['output']['name']}"
    outputs = op["outputs"].map { |o| "output #{o['name']}" }
    required = inputs.dup
    required << dst if dst?(op) && first.positive?
    required.concat(outputs) if first.positive?
    params.first(first).each_with_index { |p, k| required << sample(p, k) }
    head = op["inputs"].empty? ? [nil] : []
    head += inputs

    problems = []
    # 1. Only what is required: every default as the spec gives it.
    got = caught(name, fn, required)
    want_dst = if op["output"]["kind"] == "array" then [dst?(op) && first.positive? ? dst : nil]
               else []
               end
    want_outputs = first.positive? ? outputs : [nil] * outputs.length
    want = head + want_dst + want_outputs +
           params.each_with_index.map { |p, k| k < first ? sample(p, k) : expected_default(p) }
    problems << "#{name}: defaults reach C as #{got.inspect}, spec #{want.inspect}" unless match?(want, got)

    # 2. Every keyword given: each reaches its own position.
    kwargs = {}
    if first.zero?
      kwargs[op["output"]["name"].to_sym] = dst if dst?(op)
      op["outputs"].each_with_index { |o, k| kwargs[o["name"].to_sym] = outputs[k] }
    end
    params.each_with_index { |p, k| kwargs[p["name"].to_sym] = sample(p, k) if k >= first }
    got = caught(name, fn, required, kwargs)
    want = head + (op["output"]["kind"] == "array" ? [dst?(op) ? dst : nil] : []) + outputs +
           params.each_with_index.map { |p, k| sample(p, k) }
    problems << "#{name}: keywords reach C as #{got.inspect}, expected #{want.inspect}" unless match?(want, got)
    problems
  end

  def match?(want, got)
    want.length == got.length && want.zip(got).all? { |w, g| same_value?(w, g) }
  end

  def test_aliases_have_their_ops_parameters_and_deprecated_ones_warn
    checked = 0
    problems = []
    deprecated = Warning[:deprecated]
    Warning[:deprecated] = true
    OPS.each do |op|
      op["aliases"].each do |alias_info|
        alias_name = alias_info["name"]
        unless Cesperanto.respond_to?(alias_name)
          problems << "#{alias_name}: no method"
          next
        end
        got = Cesperanto.method(alias_name).parameters
        want = Cesperanto.method(op["name"]).parameters
        problems << "#{alias_name}: #{got.inspect}, its op #{want.inspect}" if got != want
        required = got.count { |kind, _| kind == :req }
        args = Array.new(required) { |k| "arg #{k}" }
        via_op = caught(op["name"], native_name(op["name"]), args)
        via_alias = nil
        _, err = capture_io { via_alias = caught(alias_name, native_name(op["name"]), args) }
        problems << "#{alias_name}: passes #{via_alias.inspect}, its op #{via_op.inspect}" unless match?(via_op, via_alias)
        warned = err.include?("#{alias_name} is deprecated, use #{op['name']}")
        problems << "#{alias_name}: #{warned ? 'warns' : 'does not warn'}" if warned != alias_info["deprecated"]
        checked += 1
      end
    end
    assert_operator checked, :>, 0, "the spec has aliases (connected_components_labeling)"
    assert_empty problems, problems.join("\n")
  ensure
    Warning[:deprecated] = deprecated
  end

  def test_registry_matches_ops_json
    assert_equal OPS.length, Cesperanto.operations.length
    OPS.each do |op|
      d = Cesperanto.operation(op["name"])
      assert_equal op["name"], d.name
      assert_equal op["tier"], d.tier
      assert_equal op["params"].length, d.param_count
      op["params"].each_with_index do |p, i|
        assert_equal p["name"], d.param(i).name
        assert_equal p["type"], d.param(i).type_name
        assert_equal !p["default"].nil?, d.param(i).has_default
      end
    end
  end
end
