# ps_module(name SRCS ... DEPS ...): one static library per src/ folder; DEPS are its arrows.
# ps_test(name SRCS ... DEPS ...): a GoogleTest binary registered with ctest.
# ps_server_test(name SRCS ... DEPS ...): one that needs a server (ZooKeeper, RabbitMQ); its
#   script under tests/ starts the server and runs it, so ctest never sees it skip.
include(GoogleTest)

function(ps_module name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS;PUBLIC_DEPS" ${ARGN})
  add_library(ps_${name} STATIC ${ARG_SRCS})
  target_include_directories(ps_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(ps_${name} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_DEPS})
endfunction()

function(ps_server_test name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SRCS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
endfunction()

function(ps_test name)
  ps_server_test(${name} ${ARGN})
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 30)
endfunction()
