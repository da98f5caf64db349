// Test support for the PostgreSQL stores: a fresh schema of the server that
// PACIFICSOFT_TEST_POSTGRES_URL names (tests/postgres/run.sh sets it), and a port nobody listens
// on.
#pragma once

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "storage/postgres/pg_connection.h"

namespace pacificsoft::storage::postgres::test_support {

inline constexpr const char* kUrlVariable = "PACIFICSOFT_TEST_POSTGRES_URL";

inline std::string server_url() {
  const char* url = std::getenv(kUrlVariable);
  return url ? url : "";
}

// A fresh schema of the test server, dropped at the end; its URL puts it first in search_path
// and names the connections, so a test can find (and terminate) them.
class TestSchema {
 public:
  TestSchema() {
    if (server_url().empty()) return;
    std::string hex = Uuid::random().to_string();
    std::erase(hex, '-');
    name_ = "ps_test_" + hex.substr(0, 16);
    auto admin = PgConnection::connect(server_url());
    if (!admin) {
      error_ = admin.status().to_string();
      return;
    }
    admin_ = std::move(*admin);
    Status created = admin_->exec_script(("CREATE SCHEMA " + name_).c_str());
    if (!created) error_ = created.to_string();
  }
  ~TestSchema() {
    if (admin_ && error_.empty())
      (void)admin_->exec_script(("DROP SCHEMA " + name_ + " CASCADE").c_str());
  }
  TestSchema(const TestSchema&) = delete;
  TestSchema& operator=(const TestSchema&) = delete;

  std::string skip_reason() const {
    if (server_url().empty()) return std::string(kUrlVariable) + " is not set";
    return error_.empty() ? "" : "test server: " + error_;
  }
  std::string url() const {
    std::string url = server_url();
    url += url.find('?') == std::string::npos ? "?" : "&";
    return url + "application_name=" + name_ + "&options=-csearch_path%3D" + name_;
  }
  const std::string& name() const { return name_; }
  PgConnection& admin() { return *admin_; }

  // Ends every server process of this schema's connections, as a restart would.
  void terminate_connections() {
    PgParams params;
    auto ended = admin_->exec(
        "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE application_name = " +
            params.add(name_),
        params);
    ASSERT_TRUE(ended.is_ok()) << ended.status().to_string();
    ASSERT_GT(ended->rows(), 0);
  }

 private:
  std::string name_;
  std::string error_;
  std::unique_ptr<PgConnection> admin_;
};

// A port nobody listens on: bound, then closed.
inline int closed_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  bind(fd, reinterpret_cast<sockaddr*>(&address), length);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

}  // namespace pacificsoft::storage::postgres::test_support
