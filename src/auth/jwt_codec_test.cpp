#include "auth/jwt_codec.h"

#include <gtest/gtest.h>

namespace pacificsoft::auth {
namespace {

SecurityUser tenant_admin() {
  SecurityUser user;
  user.user_id = Uuid::random();
  user.email = "tenant@pacificsoft.io";
  user.authority = model::Authority::kTenantAdmin;
  user.tenant_id = Uuid::random();
  user.first_name = "Ten";
  return user;
}

TEST(JwtCodecTest, AccessTokenRoundTrips) {
  ManualClock clock(1'700'000'000'000);
  JwtCodec codec({"key-1"}, clock);
  SecurityUser user = tenant_admin();
  auto verified = codec.verify_access(codec.issue(user)->token);
  ASSERT_TRUE(verified.is_ok()) << verified.status().to_string();
  EXPECT_EQ(verified->user_id, user.user_id);
  EXPECT_EQ(verified->email, user.email);
  EXPECT_EQ(verified->authority, model::Authority::kTenantAdmin);
  EXPECT_EQ(verified->tenant_id, user.tenant_id);
  EXPECT_TRUE(verified->customer_id.is_null());
  EXPECT_EQ(verified->first_name, "Ten");
}

TEST(JwtCodecTest, ExpiredTokenIsReportedAsExpired) {
  ManualClock clock(1'700'000'000'000);
  JwtCodec codec({"key-1", "pacificsoft.io", 60, 600}, clock);
  std::string token = codec.issue(tenant_admin())->token;
  clock.advance_ms(61'000);
  EXPECT_EQ(codec.verify_access(token).status().code(), ErrorCode::kTokenExpired);
}

TEST(JwtCodecTest, OtherKeyOrGarbageIsUnauthenticated) {
  ManualClock clock(1'700'000'000'000);
  JwtCodec codec({"key-1"}, clock);
  JwtCodec other({"key-2"}, clock);
  std::string token = other.issue(tenant_admin())->token;
  EXPECT_EQ(codec.verify_access(token).status().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(codec.verify_access("garbage").status().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(codec.verify_access("").status().code(), ErrorCode::kUnauthenticated);
}

TEST(JwtCodecTest, RefreshAndAccessTokensAreNotInterchangeable) {
  ManualClock clock(1'700'000'000'000);
  JwtCodec codec({"key-1"}, clock);
  SecurityUser user = tenant_admin();
  TokenPair pair = *codec.issue(user);
  EXPECT_FALSE(codec.verify_access(pair.refresh_token).is_ok());
  EXPECT_FALSE(codec.verify_refresh(pair.token).is_ok());
  auto refresh = codec.verify_refresh(pair.refresh_token);
  ASSERT_TRUE(refresh.is_ok());
  EXPECT_EQ(refresh->user_id, user.user_id);
  auto access = codec.verify_access(pair.token);
  EXPECT_EQ(refresh->session_id, access->session_id);
  EXPECT_FALSE(access->session_id.empty());
  EXPECT_EQ(access->issued_at_ms, 1'700'000'000'000);
}

// Regression: libjwt refuses claims holding a NUL character, and that used to abort the
// process; any user could put one in its own name.
TEST(JwtCodecTest, ClaimsLibjwtRefusesAreAnErrorNotAnAbort) {
  ManualClock clock(1'700'000'000'000);
  JwtCodec codec({"key-1"}, clock);
  SecurityUser user = tenant_admin();
  user.first_name = std::string("a\0b", 3);
  auto pair = codec.issue(user);
  ASSERT_FALSE(pair.is_ok());
  EXPECT_EQ(pair.status().code(), ErrorCode::kInternal);
  user.first_name = "Ten";
  EXPECT_TRUE(codec.issue(user).is_ok());
}

TEST(JwtCodecTest, UnsignedTokenIsRefused) {
  ManualClock clock(1'700'000'000'000);
  JwtCodec codec({"key-1"}, clock);
  // {"alg":"none"} .
  // {"sub":"x","scopes":["SYS_ADMIN"],"userId":...,"iss":"pacificsoft.io","exp":9999999999} .
  std::string token =
      "eyJhbGciOiJub25lIn0."
      "eyJzdWIiOiJ4Iiwic2NvcGVzIjpbIlNZU19BRE1JTiJdLCJ1c2VySWQiOiI3ODRmMzk0Yy00MmI2LTQzNWEtOTgzYy1i"
      "N2JlZmYyNzg0ZjkiLCJpc3MiOiJwYWNpZmljc29mdC5pbyIsImV4cCI6OTk5OTk5OTk5OX0.";
  EXPECT_FALSE(codec.verify_access(token).is_ok());
}

}  // namespace
}  // namespace pacificsoft::auth
