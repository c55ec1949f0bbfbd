// northstar: OKR scoring and customer lifetime value. The umbrella header.
#pragma once

#include <northstar/version.hpp>

#include <northstar/core/column.hpp>
#include <northstar/core/error.hpp>
#include <northstar/core/export.hpp>
#include <northstar/core/parallel.hpp>

#include <northstar/clv/bg_bb.hpp>
#include <northstar/clv/bg_nbd.hpp>
#include <northstar/clv/closed_form.hpp>
#include <northstar/clv/discounting.hpp>
#include <northstar/clv/fit.hpp>
#include <northstar/clv/gamma_gamma.hpp>
#include <northstar/clv/mbg_nbd.hpp>
#include <northstar/clv/pareto_nbd.hpp>
#include <northstar/clv/reductions.hpp>
#include <northstar/clv/rfm.hpp>
#include <northstar/clv/run_options.hpp>
#include <northstar/clv/sbg.hpp>

#include <northstar/clv/simulate.hpp>
#include <northstar/clv/summary.hpp>
#include <northstar/okr/calibration.hpp>
#include <northstar/okr/cycle.hpp>
#include <northstar/okr/evaluate.hpp>
#include <northstar/okr/forecast.hpp>
#include <northstar/okr/grade.hpp>
#include <northstar/okr/json.hpp>
#include <northstar/okr/key_result.hpp>
#include <northstar/okr/lint.hpp>
#include <northstar/okr/objective.hpp>
#include <northstar/okr/okr_set.hpp>
#include <northstar/okr/pace.hpp>
#include <northstar/okr/progress.hpp>
