# frozen_string_literal: true

# The Ruby binding's tests (minitest), run by CTest as ruby.bindings:
#   ruby -w -I<build>/bindings/ruby/lib bindings/ruby/tests/run.rb
# with CLE_OPS_JSON (the generated ops.json) and CLE_DATA_DIR (data/) set.
require "minitest/autorun"
require "cesperanto"

Dir[File.join(__dir__, "test_*.rb")].sort.each { |file| require file }

# Every array a test made is closed or collectable: none may be left once the GC has run.
Minitest.after_run do
  GC.start(full_mark: true, immediate_sweep: true)
  live = Cesperanto.live_array_count
  next if live.zero?

  warn "ruby.bindings: #{live} arrays still alive after the tests"
  exit!(1)
end
