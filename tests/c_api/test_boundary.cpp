// The C API boundary (src/c_api/boundary.hpp) on its own: every exception kind
// becomes its status, codes map one to one, and the error text is per thread.
// (Statuses that no current C entry point can produce are proven here.)
#include "../../src/c_api/boundary.hpp"

#include <gtest/gtest.h>

#include <new>
#include <stdexcept>
#include <string>
#include <thread>

namespace {

using northstar::errc;
using northstar::c_api::guard;

TEST(CApiBoundary, EveryErrcBecomesTheSameStatus) {
  for (int k = 1; k <= 8; ++k) {
    const auto code = static_cast<errc>(k);
    const northstar_status s = guard([&] { throw northstar::error(code, "ctx: boom " + std::to_string(k)); });
    EXPECT_EQ(static_cast<int>(s), k);
    EXPECT_EQ(std::string(northstar_last_error()), "ctx: boom " + std::to_string(k));
    EXPECT_EQ(std::string(northstar_status_name(s)), std::string(northstar::to_string(code)));
  }
}

TEST(CApiBoundary, ForeignExceptionsBecomeInternalOrOutOfMemory) {
  EXPECT_EQ(guard([] { throw std::bad_alloc(); }), NORTHSTAR_OUT_OF_MEMORY);
  EXPECT_STREQ(northstar_last_error(), "out of memory");
  EXPECT_EQ(guard([] { throw std::logic_error("oops"); }), NORTHSTAR_INTERNAL);
  EXPECT_STREQ(northstar_last_error(), "internal error: oops");
  EXPECT_EQ(guard([] { throw 42; }), NORTHSTAR_INTERNAL);
  EXPECT_STREQ(northstar_last_error(), "internal error: unknown exception");
  EXPECT_EQ(guard([] {}), NORTHSTAR_OK);
  EXPECT_STREQ(northstar_last_error(), "");
}

TEST(CApiBoundary, ErrorTextIsPerThread) {
  guard([] { throw northstar::error(errc::invalid_argument, "main thread"); });
  std::string other;
  std::thread t([&] {
    other = northstar_last_error();  // nothing failed on this thread yet
    guard([] { throw northstar::error(errc::not_finite, "worker thread"); });
  });
  t.join();
  EXPECT_EQ(other, "");
  EXPECT_STREQ(northstar_last_error(), "main thread");
}

}  // namespace
