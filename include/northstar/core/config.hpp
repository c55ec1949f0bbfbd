// Configuration macros shared by every public header: the versioned namespace
// and the inlining attributes. Included by northstar/version.hpp, so every
// header that includes the version (directly or through another public
// header) has them. Export control (NORTHSTAR_API) is in core/export.hpp;
// the closed-form kernels' ISA and optimisation macros (NORTHSTAR_KERNEL_*,
// NORTHSTAR_HAS_*_DISPATCH) stay in clv/detail/dispatch.hpp, next to the
// dispatch they configure.
#pragma once

/// Opens the versioned inline namespace that holds every public name:
/// `namespace northstar { inline namespace v0 {`. The inline namespace is the
/// ABI tag (symbols read northstar::v0::...); user code names northstar::...
/// Close it with NORTHSTAR_END_NAMESPACE.
#define NORTHSTAR_BEGIN_NAMESPACE \
  namespace northstar {           \
  inline namespace v0 {

/// Closes the namespaces that NORTHSTAR_BEGIN_NAMESPACE opened.
#define NORTHSTAR_END_NAMESPACE \
  }                             \
  }

/// An inline function that the compiler must inline at every call
/// ([[gnu::always_inline]] with GCC and Clang, plain `inline` elsewhere). Used
/// by the closed-form and vectorised kernels, so that a kernel inlined into an
/// ISA-specific function (see clv/detail/dispatch.hpp) is compiled for that
/// ISA, never shared across ISAs.
#if defined(__GNUC__)
#define NORTHSTAR_ALWAYS_INLINE [[gnu::always_inline]] inline
#else
#define NORTHSTAR_ALWAYS_INLINE inline
#endif
