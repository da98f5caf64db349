#include "cluster/rendezvous.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace pacificsoft::cluster {
namespace {

constexpr std::uint32_t kPartitions = 120;

std::map<std::uint32_t, std::string> owners(const std::vector<std::string>& nodes) {
  std::map<std::uint32_t, std::string> owner;
  for (std::uint32_t p = 0; p < kPartitions; ++p) owner[p] = owner_of(p, nodes);
  return owner;
}

int moved(const std::map<std::uint32_t, std::string>& before,
          const std::map<std::uint32_t, std::string>& after) {
  int count = 0;
  for (const auto& [partition, owner] : before) count += after.at(partition) != owner ? 1 : 0;
  return count;
}

TEST(RendezvousTest, EveryPartitionHasOneOwnerWhateverTheOrderOfTheNodes) {
  const std::vector<std::string> nodes{"node-a", "node-b", "node-c"};
  const std::vector<std::string> reversed{"node-c", "node-b", "node-a"};
  EXPECT_EQ(owners(nodes), owners(reversed));
  std::size_t total = 0;
  for (const auto& node : nodes) total += partitions_of(node, kPartitions, nodes).size();
  EXPECT_EQ(total, kPartitions);
  EXPECT_EQ(owner_of(7, {}), "");
}

TEST(RendezvousTest, AJoiningNodeTakesAboutItsShareAndOnlyFromTheOthers) {
  const std::vector<std::string> three{"pacificsoft-1", "pacificsoft-2", "pacificsoft-3"};
  std::vector<std::string> four = three;
  four.push_back("pacificsoft-4");
  const auto before = owners(three);
  const auto after = owners(four);
  const int taken = moved(before, after);
  for (const auto& [partition, owner] : after) {
    if (owner != before.at(partition)) {
      EXPECT_EQ(owner, "pacificsoft-4") << partition;
    }
  }
  EXPECT_GT(taken, static_cast<int>(kPartitions) / 4 / 2);  // a quarter, give or take half
  EXPECT_LT(taken, static_cast<int>(kPartitions) / 4 * 3 / 2);
}

TEST(RendezvousTest, ALeavingNodesPartitionsAloneMove) {
  const std::vector<std::string> three{"pacificsoft-1", "pacificsoft-2", "pacificsoft-3"};
  const std::vector<std::string> two{"pacificsoft-1", "pacificsoft-3"};
  const auto before = owners(three);
  const auto after = owners(two);
  for (const auto& [partition, owner] : before) {
    if (owner != "pacificsoft-2") {
      EXPECT_EQ(after.at(partition), owner) << partition;
    }
  }
}

TEST(RendezvousTest, SharesAreEvenForIdsThatDifferInOneCharacter) {
  std::vector<std::string> nodes;
  for (int i = 0; i < 4; ++i) nodes.push_back("node-" + std::to_string(i));
  for (const auto& node : nodes) {
    const auto share = partitions_of(node, kPartitions, nodes).size();
    EXPECT_GT(share, kPartitions / 4 / 2) << node;
    EXPECT_LT(share, kPartitions / 4 * 2) << node;
  }
}

}  // namespace
}  // namespace pacificsoft::cluster
