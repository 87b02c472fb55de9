;; The start function traps while instantiating.
(module
  (func $start (unreachable))
  (start $start))
