;; Lanczos-3 on a stretch (six taps an output sample) with WebAssembly SIMD, for one 8-bit plane:
;; the same sums, shifts and clamps as the JavaScript loops in ../resample/lanczos.ts, bit for bit.
;; V8 runs those loops one sample at a time; here one instruction multiplies eight.
;;
;; Built into lanczos-wasm.ts by `node scripts/wasm.mjs`; test/media/wasm.test.ts checks the two agree.
(module
  (import "env" "memory" (memory 1 65536))

  ;; One output row: `count` samples written from `out`, each the weighted sum of six rows of the
  ;; intermediate picture (16-bit samples; `r0`…`r5` the byte addresses of the first sample to read in
  ;; each row), rounded, shifted down by 20 bits (14 of weight, 6 of intermediate precision) and
  ;; clamped to 0–255.
  (func (export "sixTapRow")
    (param $r0 i32) (param $r1 i32) (param $r2 i32) (param $r3 i32) (param $r4 i32) (param $r5 i32)
    (param $w0 i32) (param $w1 i32) (param $w2 i32) (param $w3 i32) (param $w4 i32) (param $w5 i32)
    (param $out i32) (param $count i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $v4 v128) (local $v5 v128)
    (local $low v128) (local $high v128) (local $v v128) (local $end i32) (local $sum i32)
    (local.set $v0 (i16x8.splat (local.get $w0)))
    (local.set $v1 (i16x8.splat (local.get $w1)))
    (local.set $v2 (i16x8.splat (local.get $w2)))
    (local.set $v3 (i16x8.splat (local.get $w3)))
    (local.set $v4 (i16x8.splat (local.get $w4)))
    (local.set $v5 (i16x8.splat (local.get $w5)))
    (local.set $end (i32.add (local.get $out) (i32.and (local.get $count) (i32.const -8))))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.ge_u (local.get $out) (local.get $end)))
        ;; Sums start at one half of the last bit kept (1 << 19), so the shift rounds.
        (local.set $low (i32x4.splat (i32.const 524288)))
        (local.set $high (local.get $low))
        (local.set $v (v128.load (local.get $r0)))
        (local.set $low (i32x4.add (local.get $low) (i32x4.extmul_low_i16x8_s (local.get $v) (local.get $v0))))
        (local.set $high (i32x4.add (local.get $high) (i32x4.extmul_high_i16x8_s (local.get $v) (local.get $v0))))
        (local.set $v (v128.load (local.get $r1)))
        (local.set $low (i32x4.add (local.get $low) (i32x4.extmul_low_i16x8_s (local.get $v) (local.get $v1))))
        (local.set $high (i32x4.add (local.get $high) (i32x4.extmul_high_i16x8_s (local.get $v) (local.get $v1))))
        (local.set $v (v128.load (local.get $r2)))
        (local.set $low (i32x4.add (local.get $low) (i32x4.extmul_low_i16x8_s (local.get $v) (local.get $v2))))
        (local.set $high (i32x4.add (local.get $high) (i32x4.extmul_high_i16x8_s (local.get $v) (local.get $v2))))
        (local.set $v (v128.load (local.get $r3)))
        (local.set $low (i32x4.add (local.get $low) (i32x4.extmul_low_i16x8_s (local.get $v) (local.get $v3))))
        (local.set $high (i32x4.add (local.get $high) (i32x4.extmul_high_i16x8_s (local.get $v) (local.get $v3))))
        (local.set $v (v128.load (local.get $r4)))
        (local.set $low (i32x4.add (local.get $low) (i32x4.extmul_low_i16x8_s (local.get $v) (local.get $v4))))
        (local.set $high (i32x4.add (local.get $high) (i32x4.extmul_high_i16x8_s (local.get $v) (local.get $v4))))
        (local.set $v (v128.load (local.get $r5)))
        (local.set $low (i32x4.add (local.get $low) (i32x4.extmul_low_i16x8_s (local.get $v) (local.get $v5))))
        (local.set $high (i32x4.add (local.get $high) (i32x4.extmul_high_i16x8_s (local.get $v) (local.get $v5))))
        ;; Down to 16 then 8 bits; the unsigned narrowing clamps to 0–255 as the JavaScript does.
        (local.set $v (i16x8.narrow_i32x4_s (i32x4.shr_s (local.get $low) (i32.const 20)) (i32x4.shr_s (local.get $high) (i32.const 20))))
        (v128.store64_lane 0 (local.get $out) (i8x16.narrow_i16x8_u (local.get $v) (local.get $v)))
        (local.set $r0 (i32.add (local.get $r0) (i32.const 16)))
        (local.set $r1 (i32.add (local.get $r1) (i32.const 16)))
        (local.set $r2 (i32.add (local.get $r2) (i32.const 16)))
        (local.set $r3 (i32.add (local.get $r3) (i32.const 16)))
        (local.set $r4 (i32.add (local.get $r4) (i32.const 16)))
        (local.set $r5 (i32.add (local.get $r5) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 8)))
        (br $vectors)))
    ;; The last count % 8 samples, one at a time.
    (local.set $end (i32.add (local.get $end) (i32.and (local.get $count) (i32.const 7))))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $sum (i32.shr_s
          (i32.add (i32.const 524288) (i32.add
            (i32.add (i32.add (i32.mul (local.get $w0) (i32.load16_s (local.get $r0))) (i32.mul (local.get $w1) (i32.load16_s (local.get $r1))))
                     (i32.add (i32.mul (local.get $w2) (i32.load16_s (local.get $r2))) (i32.mul (local.get $w3) (i32.load16_s (local.get $r3)))))
            (i32.add (i32.mul (local.get $w4) (i32.load16_s (local.get $r4))) (i32.mul (local.get $w5) (i32.load16_s (local.get $r5))))))
          (i32.const 20)))
        (i32.store8 (local.get $out)
          (select (i32.const 0) (select (i32.const 255) (local.get $sum) (i32.gt_s (local.get $sum) (i32.const 255))) (i32.lt_s (local.get $sum) (i32.const 0))))
        (local.set $r0 (i32.add (local.get $r0) (i32.const 2)))
        (local.set $r1 (i32.add (local.get $r1) (i32.const 2)))
        (local.set $r2 (i32.add (local.get $r2) (i32.const 2)))
        (local.set $r3 (i32.add (local.get $r3) (i32.const 2)))
        (local.set $r4 (i32.add (local.get $r4) (i32.const 2)))
        (local.set $r5 (i32.add (local.get $r5) (i32.const 2)))
        (local.set $out (i32.add (local.get $out) (i32.const 1)))
        (br $tail))))

  ;; One row of the horizontal pass: `count` 16-bit intermediate samples written from `out`. Output
  ;; sample k reads eight source bytes from `row` + the i32 at `firsts` + 4k (a row padded with copies
  ;; of its edge samples, so no tap needs clamping) and weighs them with the eight 16-bit weights at
  ;; `weights` + 16k (six taps and two zeros); the sum is rounded and shifted down by 8 bits (14 of
  ;; weight less the 6 kept below the code value). Four samples at a time: four dot products, their
  ;; lanes summed pairwise into one vector.
  (func (export "sixTapRowAcross")
    (param $row i32) (param $firsts i32) (param $weights i32) (param $out i32) (param $count i32)
    (local $d0 v128) (local $d1 v128) (local $d2 v128) (local $d3 v128) (local $pairs01 v128) (local $pairs23 v128)
    (local $sums v128) (local $end i32)
    (local.set $end (i32.add (local.get $out) (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 1))))
    (block $quadsDone
      (loop $quads
        (br_if $quadsDone (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $d0 (i32x4.dot_i16x8_s
          (v128.load8x8_u (i32.add (local.get $row) (i32.load (local.get $firsts))))
          (v128.load (local.get $weights))))
        (local.set $d1 (i32x4.dot_i16x8_s
          (v128.load8x8_u (i32.add (local.get $row) (i32.load offset=4 (local.get $firsts))))
          (v128.load offset=16 (local.get $weights))))
        (local.set $d2 (i32x4.dot_i16x8_s
          (v128.load8x8_u (i32.add (local.get $row) (i32.load offset=8 (local.get $firsts))))
          (v128.load offset=32 (local.get $weights))))
        (local.set $d3 (i32x4.dot_i16x8_s
          (v128.load8x8_u (i32.add (local.get $row) (i32.load offset=12 (local.get $firsts))))
          (v128.load offset=48 (local.get $weights))))
        (local.set $pairs01 (i32x4.add
          (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $d0) (local.get $d1))
          (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $d0) (local.get $d1))))
        (local.set $pairs23 (i32x4.add
          (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $d2) (local.get $d3))
          (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $d2) (local.get $d3))))
        (local.set $sums (i32x4.add
          (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $pairs01) (local.get $pairs23))
          (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $pairs01) (local.get $pairs23))))
        (local.set $sums (i32x4.shr_s (i32x4.add (local.get $sums) (i32x4.splat (i32.const 128))) (i32.const 8)))
        (v128.store64_lane 0 (local.get $out) (i16x8.narrow_i32x4_s (local.get $sums) (local.get $sums)))
        (local.set $firsts (i32.add (local.get $firsts) (i32.const 16)))
        (local.set $weights (i32.add (local.get $weights) (i32.const 64)))
        (local.set $out (i32.add (local.get $out) (i32.const 8)))
        (br $quads)))
    ;; The last count % 4 samples, one at a time.
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $count) (i32.const 3)) (i32.const 1))))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $d0 (i32x4.dot_i16x8_s
          (v128.load8x8_u (i32.add (local.get $row) (i32.load (local.get $firsts))))
          (v128.load (local.get $weights))))
        (local.set $d0 (i32x4.add (local.get $d0) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $d0) (local.get $d0))))
        (local.set $d0 (i32x4.add (local.get $d0) (i8x16.shuffle 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 (local.get $d0) (local.get $d0))))
        (i32.store16 (local.get $out)
          (i32.shr_s (i32.add (i32x4.extract_lane 0 (local.get $d0)) (i32.const 128)) (i32.const 8)))
        (local.set $firsts (i32.add (local.get $firsts) (i32.const 4)))
        (local.set $weights (i32.add (local.get $weights) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 2)))
        (br $tail)))))
