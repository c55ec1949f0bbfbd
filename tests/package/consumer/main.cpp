// Links northstar::northstar and checks a computed value: proves that headers,
// library and usage requirements (Threads; Eigen and Boost are private to the
// library) come through the package.
#include <northstar/northstar.hpp>

#include <cmath>
#include <cstdio>
#include <vector>

int main() {
  std::vector<double> aov{50.0, 20.0}, out(2);
  const northstar::clv::margin_clv<double> f{.average_order_value = aov,
                                             .gross_margin = 0.3,
                                             .purchase_frequency = 4.0,
                                             .lifespan = 3.0,
                                             .acquisition_cost = 20.0};
  northstar::clv::evaluate(f, std::span(out));
  try {
    std::vector<double> bad{-1.0}, one(1);
    northstar::clv::evaluate(northstar::clv::basic_clv<double>{bad, 1.0, 1.0}, std::span(one));
    return 2;
  } catch (const northstar::error& e) {
    std::printf("expected error: %s\n", e.what());
  }
  const bool ok = std::abs(out[0] - 160.0) < 1e-12 && std::abs(out[1] - 52.0) < 1e-12;
  std::printf("northstar %d.%d.%d consumer: %s\n", NORTHSTAR_VERSION_MAJOR, NORTHSTAR_VERSION_MINOR,
              NORTHSTAR_VERSION_PATCH, ok ? "ok" : "WRONG");
  return ok ? 0 : 1;
}
