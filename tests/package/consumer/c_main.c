/* Links northstar::c from C and checks a computed value and an error status:
 * proves that the C header and the C library come through the package. */
#include <northstar/northstar.h>

#include <stdio.h>

int main(void) {
  double aov[2] = {50, 20}, out[2];
  northstar_clv_margin f = {northstar_array(aov), northstar_scalar(0.3), northstar_scalar(4),
                            northstar_scalar(3), northstar_scalar(20)};
  if (northstar_clv_margin_evaluate(&f, 2, NULL, out) != NORTHSTAR_OK) return 1;
  f.gross_margin = northstar_scalar(2);
  if (northstar_clv_margin_evaluate(&f, 2, NULL, out) != NORTHSTAR_INVALID_ARGUMENT) return 2;
  printf("expected error: %s\n", northstar_last_error());
  f.gross_margin = northstar_scalar(0.3);
  northstar_clv_margin_evaluate(&f, 2, NULL, out);
  const int ok = out[0] > 160 - 1e-9 && out[0] < 160 + 1e-9 && out[1] > 52 - 1e-9 && out[1] < 52 + 1e-9;
  printf("northstar C API %d consumer: %s\n", northstar_version(), ok ? "ok" : "WRONG");
  return ok ? 0 : 1;
}
