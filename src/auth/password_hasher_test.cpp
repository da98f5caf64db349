#include "auth/password_hasher.h"

#include <gtest/gtest.h>

namespace pacificsoft::auth {
namespace {

TEST(PasswordHasherTest, VerifiesTheRightPasswordOnly) {
  PasswordHasher hasher(4);
  auto hash = hasher.hash("secret-1");
  ASSERT_TRUE(hash.is_ok());
  EXPECT_EQ(hash->rfind("$2b$04$", 0), 0u);
  EXPECT_TRUE(hasher.verify("secret-1", *hash));
  EXPECT_FALSE(hasher.verify("secret-2", *hash));
}

TEST(PasswordHasherTest, SaltsEachHash) {
  PasswordHasher hasher(4);
  EXPECT_NE(*hasher.hash("same"), *hasher.hash("same"));
}

TEST(PasswordHasherTest, RejectsMalformedStoredHashAndOverlongPassword) {
  PasswordHasher hasher(4);
  EXPECT_FALSE(hasher.verify("x", "not-a-hash"));
  EXPECT_FALSE(hasher.verify("x", ""));
  EXPECT_FALSE(hasher.hash(std::string(73, 'a')).is_ok());
}

}  // namespace
}  // namespace pacificsoft::auth
