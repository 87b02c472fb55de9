;; One element more than wasmaot's table size limit (10,000,000).
(module (table 10000001 funcref) (func (export "f")))
