#include "reports/graph_render.hpp"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace kmc::reports {

namespace {

// Deleters for Graphviz handles, so every exit path frees them.
struct ContextCloser {
  void operator()(GVC_t* c) const { gvFreeContext(c); }
};
struct GraphCloser {
  void operator()(Agraph_t* g) const { agclose(g); }
};
struct RenderFree {
  void operator()(char* data) const { gvFreeRenderData(data); }
};

// Frees a graph's layout on every exit path once gvLayout has run (it allocates before it can
// fail, and gvFreeLayout is safe on a graph without one); agclose alone would leak it.
class LayoutGuard {
 public:
  LayoutGuard(GVC_t* gvc, Agraph_t* graph) : gvc_(gvc), graph_(graph) {}
  LayoutGuard(const LayoutGuard&) = delete;
  LayoutGuard& operator=(const LayoutGuard&) = delete;
  ~LayoutGuard() { gvFreeLayout(gvc_, graph_); }

 private:
  GVC_t* gvc_;
  Agraph_t* graph_;
};

// Graphviz's last error message (aglasterr returns a malloc'd copy, or null), prefixed.
std::string last_error(const char* what) {
  char* detail = aglasterr();
  std::string out = std::string("graphviz: ") + what;
  if (detail != nullptr) {
    out += std::string(": ") + detail;
    std::free(detail);
  }
  return out;
}

}  // namespace

std::string render_svg(const std::string& dot) {
  // Graphviz's C library keeps process-wide state (error buffers, plugin tables, the layout's
  // statics), so one lock for the whole process is the only safe granularity.
  static std::mutex graphviz_lock;
  const std::lock_guard<std::mutex> guard(graphviz_lock);
  // One context for the life of the process: the pango text-layout plugin remembers the last font
  // name in a static pointer into the context's font table, so freeing a context and making a new
  // one leaves it dangling (AddressSanitizer sees the next render read freed memory). It is freed
  // at exit, before LeakSanitizer looks; what Graphviz 2.42 itself leaks is in tests/lsan.supp.
  static const std::unique_ptr<GVC_t, ContextCloser> gvc(gvContext());
  if (!gvc) throw std::runtime_error("graphviz: no context");

  agseterr(AGMAX);  // keep warnings (unknown fonts, say) off stderr; errors still reach aglasterr
  agreseterrors();
  const std::unique_ptr<Agraph_t, GraphCloser> graph(agmemread(dot.c_str()));
  if (!graph) throw std::runtime_error(last_error("the DOT text does not parse"));
  // Declared after `graph`, so the layout is freed before the graph is closed.
  const LayoutGuard layout(gvc.get(), graph.get());
  if (gvLayout(gvc.get(), graph.get(), "dot") != 0)
    throw std::runtime_error(last_error("layout failed"));
  char* data = nullptr;
  unsigned int length = 0;
  const int rc = gvRenderData(gvc.get(), graph.get(), "svg", &data, &length);
  const std::unique_ptr<char, RenderFree> owned(data);
  if (rc != 0 || data == nullptr) throw std::runtime_error(last_error("SVG rendering failed"));
  return std::string(data, length);
}

}  // namespace kmc::reports
