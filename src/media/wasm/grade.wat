;; The grading loop of a 4:2:0 frame through a Y'CbCr table (see ../color/yuv.ts, `jsBlockRows`), in
;; WebAssembly: the same lookups and sums, bit for bit. Chromium runs it about twice as fast as the
;; JavaScript, whose every typed-array read is checked; here the memory's guard pages do that.
;;
;; Built into grade-wasm.ts by `node scripts/wasm.mjs`; test/media/wasm.test.ts checks the two agree.
(module
  ;; Shared, so the page and its workers grade bands of one frame through one table.
  (import "env" "memory" (memory 1 65536 shared))

  ;; One row of whole 2×2 blocks. `data`, `entries`, `into` and `missed` are byte addresses of the
  ;; frame, the table (u32 entries), the packed I420 output and the list of missed blocks; the other
  ;; positions are indices from them, as in `BlockRow`. A block that meets an entry not baked yet (0)
  ;; is written wrong and its `lumaOut` index appended to `missed` (i32s); returns the new count.
  (func (export "gradeBlockRow")
    (param $data i32) (param $entries i32) (param $into i32)
    (param $lumaIn i32) (param $lumaStride i32) (param $cbIn i32) (param $crIn i32) (param $chromaStep i32)
    (param $lumaOut i32) (param $width i32) (param $evenWidth i32) (param $cbOut i32) (param $crOut i32)
    (param $missed i32) (param $missedCount i32) (result i32)
    (local $in0 i32) (local $in1 i32) (local $out0 i32) (local $out1 i32) (local $end i32) (local $chroma i32)
    (local $e0 i32) (local $e1 i32) (local $e2 i32) (local $e3 i32) (local $sum i32)
    (local.set $in0 (i32.add (local.get $data) (local.get $lumaIn)))
    (local.set $in1 (i32.add (local.get $in0) (local.get $lumaStride)))
    (local.set $cbIn (i32.add (local.get $data) (local.get $cbIn)))
    (local.set $crIn (i32.add (local.get $data) (local.get $crIn)))
    (local.set $out0 (i32.add (local.get $into) (local.get $lumaOut)))
    (local.set $out1 (i32.add (local.get $out0) (local.get $width)))
    (local.set $end (i32.add (local.get $out0) (local.get $evenWidth)))
    (local.set $cbOut (i32.add (local.get $into) (local.get $cbOut)))
    (local.set $crOut (i32.add (local.get $into) (local.get $crOut)))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $out0) (local.get $end)))
        ;; The table's index: Y in the low byte, Cb and Cr above it.
        (local.set $chroma (i32.or
          (i32.shl (i32.load8_u (local.get $cbIn)) (i32.const 8))
          (i32.shl (i32.load8_u (local.get $crIn)) (i32.const 16))))
        (local.set $e0 (i32.load (i32.add (local.get $entries)
          (i32.shl (i32.or (i32.load8_u (local.get $in0)) (local.get $chroma)) (i32.const 2)))))
        (local.set $e1 (i32.load (i32.add (local.get $entries)
          (i32.shl (i32.or (i32.load8_u offset=1 (local.get $in0)) (local.get $chroma)) (i32.const 2)))))
        (local.set $e2 (i32.load (i32.add (local.get $entries)
          (i32.shl (i32.or (i32.load8_u (local.get $in1)) (local.get $chroma)) (i32.const 2)))))
        (local.set $e3 (i32.load (i32.add (local.get $entries)
          (i32.shl (i32.or (i32.load8_u offset=1 (local.get $in1)) (local.get $chroma)) (i32.const 2)))))
        ;; Baked entries lie between 1 and 2^30: one sign bit tells that one of them is not baked.
        (if (i32.lt_s
              (i32.or
                (i32.or (i32.sub (local.get $e0) (i32.const 1)) (i32.sub (local.get $e1) (i32.const 1)))
                (i32.or (i32.sub (local.get $e2) (i32.const 1)) (i32.sub (local.get $e3) (i32.const 1))))
              (i32.const 0))
          (then
            (i32.store (i32.add (local.get $missed) (i32.shl (local.get $missedCount) (i32.const 2)))
              (i32.sub (local.get $out0) (local.get $into)))
            (local.set $missedCount (i32.add (local.get $missedCount) (i32.const 1)))))
        (i32.store8 (local.get $out0) (local.get $e0))
        (i32.store8 offset=1 (local.get $out0) (local.get $e1))
        (i32.store8 (local.get $out1) (local.get $e2))
        (i32.store8 offset=1 (local.get $out1) (local.get $e3))
        ;; Cb quarters in the low 12 bits of the sum, Cr quarters above: the block's mean, rounded.
        (local.set $sum (i32.add
          (i32.add (i32.shr_u (local.get $e0) (i32.const 8)) (i32.shr_u (local.get $e1) (i32.const 8)))
          (i32.add (i32.shr_u (local.get $e2) (i32.const 8)) (i32.shr_u (local.get $e3) (i32.const 8)))))
        (i32.store8 (local.get $cbOut)
          (i32.shr_u (i32.add (i32.and (local.get $sum) (i32.const 0xfff)) (i32.const 8)) (i32.const 4)))
        (i32.store8 (local.get $crOut)
          (i32.shr_u (i32.add (i32.shr_u (local.get $sum) (i32.const 12)) (i32.const 8)) (i32.const 4)))
        (local.set $in0 (i32.add (local.get $in0) (i32.const 2)))
        (local.set $in1 (i32.add (local.get $in1) (i32.const 2)))
        (local.set $out0 (i32.add (local.get $out0) (i32.const 2)))
        (local.set $out1 (i32.add (local.get $out1) (i32.const 2)))
        (local.set $cbIn (i32.add (local.get $cbIn) (local.get $chromaStep)))
        (local.set $crIn (i32.add (local.get $crIn) (local.get $chromaStep)))
        (local.set $cbOut (i32.add (local.get $cbOut) (i32.const 1)))
        (local.set $crOut (i32.add (local.get $crOut) (i32.const 1)))
        (br $blocks)))
    (local.get $missedCount)))
