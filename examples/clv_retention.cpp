// Fits the shifted-beta-geometric retention model to the two cohorts of
// Fader & Hardie (2007), Table 1 (examples/data/sbg_fader_hardie_2007.csv),
// on years 0-7 as the paper does, then projects survivors for years 8-12
// against the table and prints the discounted expected residual lifetime.
//
//     clv_retention [path/to/sbg_fader_hardie_2007.csv]
#include <northstar/clv/sbg.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "examples/data/sbg_fader_hardie_2007.csv";
  std::ifstream in(path);
  if (!in) {
    std::cerr << "cannot open " << path << "\n";
    return 1;
  }
  std::vector<double> regular, high_end;
  std::string line;
  std::getline(in, line);  // header: year,regular,high_end
  while (std::getline(in, line)) {
    std::istringstream row(line);
    std::string year, r, h;
    std::getline(row, year, ',');
    std::getline(row, r, ',');
    std::getline(row, h, ',');
    regular.push_back(std::stod(r));
    high_end.push_back(std::stod(h));
  }

  const struct {
    const char* name;
    const std::vector<double>& data;
  } segments[] = {{"regular", regular}, {"high end", high_end}};
  for (const auto& seg : segments) {
    // Calibrate on years 0-7 (8 values), hold out 8-12.
    const std::vector<double> calibration(seg.data.begin(), seg.data.begin() + 8);
    const auto fit = northstar::clv::fit_sbg(calibration);
    std::printf("%s: alpha = %.3f (se %.3f), beta = %.3f (se %.3f), log-likelihood %.2f, %d iterations\n",
                seg.name, fit.params.alpha, fit.standard_errors.alpha, fit.params.beta,
                fit.standard_errors.beta, fit.report.log_likelihood, fit.report.iterations);

    std::vector<double> projected(seg.data.size());
    northstar::clv::projected_survivors(fit.params, seg.data[0], projected);
    std::printf("  year  actual  projected  retention rate\n");
    for (std::size_t t = 1; t < seg.data.size(); ++t)
      std::printf("  %4zu  %6.0f  %9.1f  %14.3f%s\n", t, seg.data[t], projected[t],
                  northstar::clv::retention_rate(fit.params, static_cast<double>(t)),
                  t == 8 ? "   <- holdout from here" : "");

    // Residual value of customers by tenure at a 10% annual discount rate:
    // DERL x annual margin is what a customer who has renewed n-1 times is worth.
    std::printf("  DEL (new customer, d = 10%%): %.3f years\n",
                northstar::clv::discounted_expected_lifetime(fit.params, 0.10));
    for (double renewals : {0.0, 1.0, 4.0, 9.0})
      std::printf("  DERL after %.0f renewals (d = 10%%): %.3f years\n", renewals,
                  northstar::clv::discounted_expected_residual_lifetime(fit.params, 0.10, renewals));
  }
  return 0;
}
