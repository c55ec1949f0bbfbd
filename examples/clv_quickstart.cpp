// Quickstart: closed-form CLV for every customer of a table, and a report
// that never materialises the per-customer values: total, mean, deciles, the
// top 10 customers and totals per cohort.
//
//   clv_quickstart [examples/data/cdnow_customers.csv]
//
// The table (see examples/data/README.md) has one row per customer:
// id,cohort,average_order_value,purchase_frequency,gross_margin,retention,lifespan,acquisition_cost
#include <northstar/northstar.hpp>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace clv = northstar::clv;

namespace {

struct customers {
  std::vector<long> id;
  std::vector<std::uint32_t> cohort;
  std::vector<double> aov, frequency, margin, retention, lifespan, cac;
};

customers read_table(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  customers c;
  std::string line;
  std::getline(in, line);  // header
  for (int line_no = 2; std::getline(in, line); ++line_no) {
    std::stringstream row(line);
    std::string cell;
    std::vector<double> v;
    while (std::getline(row, cell, ',')) v.push_back(std::stod(cell));
    if (v.size() != 8)
      throw std::runtime_error(path + ":" + std::to_string(line_no) + ": expected 8 columns");
    c.id.push_back(static_cast<long>(v[0]));
    c.cohort.push_back(static_cast<std::uint32_t>(v[1]));
    c.aov.push_back(v[2]);
    c.frequency.push_back(v[3]);
    c.margin.push_back(v[4]);
    c.retention.push_back(v[5]);
    c.lifespan.push_back(v[6]);
    c.cac.push_back(v[7]);
  }
  return c;
}

void print_report(const char* title, const clv::aggregates& s, const customers& c) {
  static const char* cohorts[] = {"Jan 1997", "Feb 1997", "Mar 1997"};
  std::printf("\n== %s ==\n", title);
  std::printf("customers %zu   total %.2f   mean %.2f   min %.2f   max %.2f\n", s.count, s.total, s.mean,
              s.min, s.max);
  std::printf("deciles  ");
  for (double q : s.quantiles) std::printf(" %.2f", q);
  std::printf("\ntop 10 customers (id: CLV):\n");
  for (const auto& t : s.top) std::printf("  %6ld: %10.2f\n", c.id[t.index], t.value);
  std::printf("per first-purchase cohort:\n");
  for (std::size_t g = 0; g < s.segment_totals.size(); ++g)
    std::printf("  %s: %5zu customers, total %11.2f, mean %8.2f\n", cohorts[g], s.segment_counts[g],
                s.segment_totals[g], s.segment_totals[g] / static_cast<double>(s.segment_counts[g]));
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::string path = argc > 1 ? argv[1] : "examples/data/cdnow_customers.csv";
    const customers c = read_table(path);
    std::printf("northstar %d.%d.%d: CLV of %zu customers from %s\n", NORTHSTAR_VERSION_MAJOR,
                NORTHSTAR_VERSION_MINOR, NORTHSTAR_VERSION_PATCH, c.id.size(), path.c_str());
    const clv::aggregate_request report{
        .quantiles = clv::deciles(), .top = 10, .segments = c.cohort, .segment_count = 3};

    // Margin-based: aov x gross margin x orders per year x expected years - CAC.
    const clv::margin_clv<double> margin{.average_order_value = c.aov,
                                         .gross_margin = c.margin,
                                         .purchase_frequency = c.frequency,
                                         .lifespan = c.lifespan,
                                         .acquisition_cost = c.cac};
    print_report("margin-based CLV (dollars)", clv::aggregate(margin, report), c);

    // Retention-based: yearly margin m = aov x frequency x gross margin,
    // retention r per year, 10% yearly discount, 5-year horizon, minus CAC.
    std::vector<double> yearly_margin(c.id.size());
    for (std::size_t i = 0; i < c.id.size(); ++i) yearly_margin[i] = c.aov[i] * c.frequency[i] * c.margin[i];
    const clv::retention_clv<double> retention{.margin = yearly_margin,
                                               .retention = c.retention,
                                               .discount_rate = 0.10,
                                               .horizon = 5.0,
                                               .acquisition_cost = c.cac};
    print_report("retention-based CLV, 5 years, 10% discount (dollars)", clv::aggregate(retention, report),
                 c);

    // Per-customer values into a caller buffer, when they are wanted.
    std::vector<double> values(c.id.size());
    clv::evaluate(retention, std::span(values));
    std::printf("\ncustomer %ld: retention-based CLV %.2f\n", c.id[0], values[0]);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "clv_quickstart: %s\n", e.what());
    return 1;
  }
}
