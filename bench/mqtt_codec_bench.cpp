// MQTT decode of a device's 5-key telemetry PUBLISH (QoS 1), as the server's connection does it:
// peek_frame to find the frame, decode_packet to make the Publish; 3.1.1 and 5.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

#include "mqtt/mqtt_codec.h"

namespace pacificsoft::transport::mqtt {
namespace {

constexpr const char* kPayload =
    R"({"temperature":21.5,"humidity":42,"voltage":3.31,"status":"ok","tx":1700000000000000})";

std::string telemetry_frame(ProtocolVersion version) {
  Publish publish;
  publish.qos = 1;
  publish.packet_id = 4242;
  publish.topic = "v1/devices/me/telemetry";
  publish.payload = kPayload;
  std::string frame;
  if (!encode_packet(Packet{publish}, version, frame)) std::abort();  // the sample fits
  return frame;
}

void decode_publish(benchmark::State& state, ProtocolVersion version) {
  const std::string frame = telemetry_frame(version);
  for (auto _ : state) {
    FrameHeader header;
    FrameStatus status = peek_frame(frame, 65536, header);
    benchmark::DoNotOptimize(status);
    Decoded decoded =
        decode_packet(std::string_view(frame).substr(0, header.frame_size()), version);
    benchmark::DoNotOptimize(decoded);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(frame.size()));
}

void bm_decode_publish_v311(benchmark::State& state) {
  decode_publish(state, ProtocolVersion::kV3_1_1);
}
void bm_decode_publish_v5(benchmark::State& state) { decode_publish(state, ProtocolVersion::kV5); }

// The reply the server writes for each of them.
void bm_encode_puback(benchmark::State& state) {
  const Packet puback{PublishResponse{PacketType::kPuback, 4242}};
  std::string out;
  for (auto _ : state) {
    out.clear();
    benchmark::DoNotOptimize(encode_packet(puback, ProtocolVersion::kV3_1_1, out));
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(bm_decode_publish_v311);
BENCHMARK(bm_decode_publish_v5);
BENCHMARK(bm_encode_puback);

}  // namespace
}  // namespace pacificsoft::transport::mqtt

BENCHMARK_MAIN();
