#!/usr/bin/env bash
# Builds the MQTT codec's libFuzzer harness (ASan + UBSan) into $FUZZ_BUILD_DIR (build/fuzz),
# seeds a corpus from the encoder and fuzzes for $FUZZ_SECONDS (30); fails on any crash.
# Extra arguments go to the fuzzer, e.g. a crash file to replay.
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir=${FUZZ_BUILD_DIR:-build/fuzz}
corpus_dir="$build_dir/corpus/mqtt"
log="$build_dir/mqtt_codec_fuzz.log"
mkdir -p "$corpus_dir"

codec_sources=()
while IFS= read -r file; do
  codec_sources+=("$file")
done < <(find src/mqtt -maxdepth 1 -name '*.cpp' ! -name '*_test.cpp' | sort)

clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Isrc \
  tests/fuzz/mqtt_codec_fuzz.cpp "${codec_sources[@]}" -o "$build_dir/mqtt_codec_fuzz"
clang++ -std=c++20 -O1 -Isrc tests/fuzz/mqtt_seed_corpus.cpp "${codec_sources[@]}" \
  -o "$build_dir/mqtt_seed_corpus"
"$build_dir/mqtt_seed_corpus" "$corpus_dir"

if ! "$build_dir/mqtt_codec_fuzz" -max_total_time="${FUZZ_SECONDS:-30}" -print_final_stats=1 \
  -artifact_prefix="$build_dir/" "$corpus_dir" "$@" >"$log" 2>&1; then
  tail -n 60 "$log"
  echo "fuzz-test: the MQTT codec fuzzer failed; input saved in $build_dir/, log in $log" >&2
  exit 1
fi
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
echo "fuzz-test: MQTT codec, ${runs:-?} inputs, no crash"
