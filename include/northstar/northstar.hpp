// northstar: OKR scoring and customer lifetime value. The umbrella header.
#pragma once

#include <northstar/version.hpp>

#include <northstar/core/column.hpp>
#include <northstar/core/error.hpp>
#include <northstar/core/parallel.hpp>

#include <northstar/clv/closed_form.hpp>
#include <northstar/clv/bg_nbd.hpp>
#include <northstar/clv/discounting.hpp>
#include <northstar/clv/gamma_gamma.hpp>
#include <northstar/clv/mbg_nbd.hpp>
#include <northstar/clv/mle.hpp>
#include <northstar/clv/rfm.hpp>
#include <northstar/clv/pareto_nbd.hpp>
#include <northstar/clv/run_options.hpp>
#include <northstar/clv/simulate.hpp>
#include <northstar/clv/summary.hpp>
