#!/usr/bin/env python3
"""Writes dag.wat (stdout): a type DAG whose paths number 2^17
(tuple<t, t> nested 17 deep), written twice (in the outer and in an inner
component), and 1,000 instantiations passing three functions of that type,
so each argument is checked by comparing the two copies. Valid; it must
validate at once (run_hostile.sh: component-type-dag). Without memoised type
equality every comparison walked all 2^17 paths (~10 s in all).
dag.wasm is jco's `parse` of it (see README.md)."""
L = ['(component', '  (type $a0 u8)']
L += [f'  (type $a{k} (tuple $a{k-1} $a{k-1}))' for k in range(1, 18)]
L += ['  (type $fa (func (param "x" $a17)))', '  (component $c',
      '    (type $b0 u8)']
L += [f'    (type $b{k} (tuple $b{k-1} $b{k-1}))' for k in range(1, 18)]
L += [f'    (import "f{f}" (func (param "x" $b17)))' for f in range(3)]
L += ['  )', '  (import "g" (func $g (type $fa)))']
L += ['  (instance (instantiate $c (with "f0" (func $g)) '
      '(with "f1" (func $g)) (with "f2" (func $g))))'] * 1000
L += [')']
print('\n'.join(L))
