#include "auth/credentials_id.h"

#include <gtest/gtest.h>

namespace pacificsoft::auth {
namespace {

TEST(CredentialsIdTest, Sha3MatchesTheStandardVectors) {
  EXPECT_EQ(sha3_256_hex(""), "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
  EXPECT_EQ(sha3_256_hex("abc"),
            "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
}

TEST(CredentialsIdTest, MqttBasicIdsFollowTheReference) {
  EXPECT_EQ(mqtt_basic_credentials_id("client", ""), sha3_256_hex("client"));
  EXPECT_EQ(mqtt_basic_credentials_id("", "user"), "user");
  EXPECT_EQ(mqtt_basic_credentials_id("client", "user"), sha3_256_hex("client|user"));
}

TEST(CredentialsIdTest, CertificateIdIgnoresArmourAndLineBreaks) {
  const std::string pem =
      "-----BEGIN CERTIFICATE-----\r\nMIIB\r\nAAAA\r\n-----END CERTIFICATE-----\r\n";
  EXPECT_EQ(certificate_credentials_id(pem), sha3_256_hex("MIIBAAAA"));
  EXPECT_EQ(certificate_credentials_id("-----BEGIN CERTIFICATE-----\nMIIB\nAAAA\n"
                                       "-----END CERTIFICATE-----"),
            sha3_256_hex("MIIBAAAA"));
}

}  // namespace
}  // namespace pacificsoft::auth
