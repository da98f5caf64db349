// peek_frame: frames cut at every byte, the remaining length's limits, and oversized frames
// refused before their bytes arrive.
#include <gtest/gtest.h>

#include <string>

#include "mqtt/mqtt_codec.h"
#include "mqtt/mqtt_test_support.h"

namespace pacificsoft::transport::mqtt {
namespace {

using testing::bytes;
using testing::encode;
using testing::kV311;

constexpr std::uint32_t kNoLimit = 0xFFFFFFFF;

TEST(MqttFrameTest, EmptyBufferNeedsMoreAndLeavesTheHeaderAlone) {
  FrameHeader header;
  header.first_byte = 0x77;
  EXPECT_EQ(peek_frame("", kNoLimit, header), FrameStatus::kNeedMore);
  EXPECT_EQ(header.first_byte, 0x77);
}

TEST(MqttFrameTest, NeedsMoreAtEverySplitPoint) {
  // 300 bytes of payload make a two-byte remaining length.
  const std::string frame =
      encode(Publish{false, 1, false, "a/b", 1, {}, std::string(300, 'p')}, kV311);
  for (std::size_t size = 0; size < frame.size(); ++size) {
    FrameHeader header;
    EXPECT_EQ(peek_frame(std::string_view(frame).substr(0, size), kNoLimit, header),
              FrameStatus::kNeedMore)
        << "prefix of " << size << " bytes";
  }
  FrameHeader header;
  ASSERT_EQ(peek_frame(frame, kNoLimit, header), FrameStatus::kComplete);
  EXPECT_EQ(header.type(), PacketType::kPublish);
  EXPECT_EQ(header.first_byte, 0x32);
  EXPECT_EQ(header.header_size, 3U);
  EXPECT_EQ(header.frame_size(), frame.size());
}

TEST(MqttFrameTest, HeaderIsFilledOnceTheLengthIsKnown) {
  FrameHeader header;
  EXPECT_EQ(peek_frame(bytes({0x30, 0x80, 0x01, 'x'}), kNoLimit, header), FrameStatus::kNeedMore);
  EXPECT_EQ(header.remaining_length, 128U);
  EXPECT_EQ(header.header_size, 3U);
  EXPECT_EQ(header.frame_size(), 131U);
}

TEST(MqttFrameTest, FindsTheFirstOfSeveralFrames) {
  FrameHeader header;
  EXPECT_EQ(peek_frame(bytes({0xC0, 0x00, 0xC0, 0x00}), kNoLimit, header), FrameStatus::kComplete);
  EXPECT_EQ(header.frame_size(), 2U);
}

TEST(MqttFrameTest, RemainingLengthBoundaries) {
  const std::vector<std::pair<std::uint32_t, std::size_t>> lengths{
      {0, 2}, {127, 2}, {128, 3}, {16'383, 3}, {16'384, 4}, {2'097'151, 4}, {2'097'152, 5}};
  for (const auto& [length, header_size] : lengths) {
    std::string frame = bytes({0x30});
    std::uint32_t value = length;
    do {
      frame.push_back(static_cast<char>((value & 0x7FU) | (value > 0x7F ? 0x80U : 0U)));
      value >>= 7U;
    } while (value > 0);
    FrameHeader header;
    EXPECT_EQ(peek_frame(frame, kNoLimit, header),
              length == 0 ? FrameStatus::kComplete : FrameStatus::kNeedMore);
    EXPECT_EQ(header.remaining_length, length);
    EXPECT_EQ(header.header_size, header_size);
  }
}

TEST(MqttFrameTest, LargestRemainingLength) {
  FrameHeader header;
  EXPECT_EQ(peek_frame(bytes({0x30, 0xFF, 0xFF, 0xFF, 0x7F}), kNoLimit, header),
            FrameStatus::kNeedMore);
  EXPECT_EQ(header.remaining_length, 268'435'455U);
}

TEST(MqttFrameTest, FiveByteLengthIsMalformed) {
  FrameHeader header;
  EXPECT_EQ(peek_frame(bytes({0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01}), kNoLimit, header),
            FrameStatus::kMalformed);
  // Known at the fourth length byte, without waiting for a fifth.
  EXPECT_EQ(peek_frame(bytes({0x30, 0x80, 0x80, 0x80, 0x80}), kNoLimit, header),
            FrameStatus::kMalformed);
  EXPECT_EQ(peek_frame(bytes({0x30, 0x80, 0x80, 0x80}), kNoLimit, header), FrameStatus::kNeedMore);
}

TEST(MqttFrameTest, LongerLengthEncodingThanNeededIsMalformed) {
  FrameHeader header;
  EXPECT_EQ(peek_frame(bytes({0xC0, 0x80, 0x00}), kNoLimit, header), FrameStatus::kMalformed);
  EXPECT_EQ(peek_frame(bytes({0x30, 0x81, 0x80, 0x00}), kNoLimit, header), FrameStatus::kMalformed);
}

TEST(MqttFrameTest, TooLargeIsReportedBeforeTheBytesArrive) {
  FrameHeader header;
  // 16384 bytes announced, none sent.
  EXPECT_EQ(peek_frame(bytes({0x30, 0x80, 0x80, 0x01}), 1000, header), FrameStatus::kTooLarge);
  EXPECT_EQ(header.remaining_length, 16'384U);
  // The limit counts the whole frame, fixed header included.
  EXPECT_EQ(peek_frame(bytes({0x30, 0x0A}), 12, header), FrameStatus::kNeedMore);
  EXPECT_EQ(peek_frame(bytes({0x30, 0x0A}), 11, header), FrameStatus::kTooLarge);
}

}  // namespace
}  // namespace pacificsoft::transport::mqtt
