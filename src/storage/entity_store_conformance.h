// The behaviour every EntityStore backend shows, as one GoogleTest suite: each backend's test
// binary instantiates it with a factory of fresh, empty databases (INSTANTIATE_TEST_SUITE_P).
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "storage/entity_store.h"

namespace pacificsoft::storage::conformance {

// One fresh, empty database of a backend, alive as long as this object.
class EntityStoreBackend {
 public:
  virtual ~EntityStoreBackend() = default;
  // Why the backend cannot run here (the tests are then skipped), or empty.
  virtual std::string skip_reason() const { return {}; }
  // A store on the database; called again to reopen it after the previous store is destroyed.
  virtual Result<std::unique_ptr<EntityStore>> open() = 0;
};

struct BackendParam {
  std::string name;  // the test name suffix: "sqlite", "postgres"
  std::function<std::unique_ptr<EntityStoreBackend>()> make;
};

class EntityStoreConformanceTest : public ::testing::TestWithParam<BackendParam> {
 protected:
  void SetUp() override;
  void TearDown() override;
  void reopen();

  // A device record of this test's tenant, unique key "<tenant>/<name>".
  EntityRecord device(const std::string& name, std::int64_t created = 1) const;
  std::vector<std::string> names(const RecordQuery& query);

  std::unique_ptr<EntityStoreBackend> backend_;
  std::unique_ptr<EntityStore> store_;
  Uuid tenant_ = Uuid::random();
};

// For INSTANTIATE_TEST_SUITE_P's name generator, and GoogleTest's messages.
std::string backend_name(const ::testing::TestParamInfo<BackendParam>& info);
void PrintTo(const BackendParam& param, std::ostream* out);

}  // namespace pacificsoft::storage::conformance
