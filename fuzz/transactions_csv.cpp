// Fuzz target: the transaction CSV reader and summarize() (clv/summary.hpp).
// The first bytes choose the layout (delimiter, header, amount column, date
// format, unit, same-day aggregation, holdout); the rest is the file. Any text
// either reads or throws northstar::error. Properties of a summary: one row
// per customer, ids ascending, x whole >= 0, 0 <= t_x <= T, spends >= 0 and
// finite, every transaction counted once.
#include "fuzz_input.hpp"

#include <northstar/clv/summary.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

namespace {

using northstar_fuzz::violated;

void check(const northstar::clv::customer_summary& s, std::size_t transactions, bool aggregate_same_day) {
  const std::size_t n = s.size();
  if (s.frequency.size() != n || s.recency.size() != n || s.age.size() != n || s.monetary.size() != n ||
      s.first_day.size() != n || s.repeat_spend.size() != n || s.first_spend.size() != n)
    violated("summary columns have one row per customer", static_cast<double>(n));
  std::size_t counted = s.transactions_of_later_customers + s.transactions_after_end;
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && !(s.id[i - 1] < s.id[i]))
      violated("ids strictly ascending", static_cast<double>(s.id[i]), i);
    const double x = s.frequency[i], tx = s.recency[i], T = s.age[i];
    if (!(x >= 0 && std::floor(x) == x)) violated("frequency whole >= 0", x, i);
    if (!(tx >= 0 && tx <= T && std::isfinite(T))) violated("0 <= recency <= age", tx, i);
    if (aggregate_same_day && x > 0 && !(tx > 0))
      violated("x > 0 implies t_x > 0 (same-day aggregation)", tx, i);
    if (x == 0 && tx != 0) violated("x = 0 implies t_x = 0", tx, i);
    for (double v : {s.monetary[i], s.repeat_spend[i], s.first_spend[i]})
      if (!(v >= 0 && std::isfinite(v))) violated("spend finite >= 0", v, i);
    if (!s.holdout_frequency.empty() && !(s.holdout_frequency[i] >= 0))
      violated("holdout frequency >= 0", 0, i);
    counted += 1 + static_cast<std::size_t>(x) +
               (s.holdout_frequency.empty() ? 0 : static_cast<std::size_t>(s.holdout_frequency[i]));
  }
  // Without same-day aggregation every transaction is one purchase somewhere.
  if (!aggregate_same_day && counted != transactions)
    violated("every transaction counted exactly once", static_cast<double>(counted));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  northstar_fuzz::input in(data, size);
  northstar::clv::csv_format format;
  const std::uint8_t layout = in.byte();
  const std::uint8_t opts = in.byte();
  const std::int64_t end_offset = static_cast<std::int64_t>(in.range(0, 2000)) - 1000;
  const std::int64_t holdout_days = static_cast<std::int64_t>(in.range(0, 400));
  static constexpr char delimiters[] = {',', ';', '\t', ' ', '|'};
  static constexpr const char* date_formats[] = {"%Y-%m-%d", "%Y%m%d", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y",
                                                 "%%%Y"};
  format.delimiter = delimiters[layout % 5];
  format.header = (layout / 5) % 2 == 0;
  format.has_amount = (layout / 10) % 3 != 0;
  format.date_format = date_formats[(layout / 30) % 5];
  if (!format.header) {
    format.id_index = opts % 3;
    format.date_index = (opts / 3) % 3;
    format.amount_index = format.has_amount ? static_cast<int>((opts / 9) % 6) - 1 : -1;
  }
  const std::string text(in.rest());
  try {
    std::istringstream stream(text);
    const auto log = northstar::clv::read_transactions_csv(stream, format, "fuzz");
    if (log.customer.size() != log.day.size()) violated("log columns have equal length");
    if (!log.amount.empty() && log.amount.size() != log.customer.size())
      violated("amounts: none or one each");
    for (std::size_t i = 0; i < log.amount.size(); ++i)
      if (!(log.amount[i] >= 0 && std::isfinite(log.amount[i])))
        violated("amount finite >= 0", log.amount[i], i);
    if (log.customer.empty()) return 0;
    northstar::clv::summary_options options;
    options.unit = static_cast<northstar::clv::time_unit>(opts % 3);
    options.aggregate_same_day = (opts / 3) % 2 == 0;
    const std::int64_t last = *std::max_element(log.day.begin(), log.day.end());
    options.calibration_end = last + end_offset / 4;
    if (opts & 0x80) options.holdout_end = *options.calibration_end + holdout_days;
    const auto s = northstar::clv::summarize(log, options);
    check(s, log.customer.size(), options.aggregate_same_day);
  } catch (const northstar::error&) {
    // A documented rejection: fine.
  }
  return 0;
}
