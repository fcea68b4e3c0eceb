import Foundation

/// The weights of a multinomial logit: e^x for the utilities' differences x, the
/// project's own exponential, and exp(v - maximum) for each utility v in one loop over
/// a menu, with their sum.
///
/// Why not the C library's `exp`: its last bit depends on the platform and on the CPU
/// (glibc picks a build with fused multiply-adds at run time where the CPU has them, and
/// the two builds differ in the last bit on about 0.07 % of inputs), so a logit's
/// weights were the same bits only on one kind of machine (the run's other C library
/// calls, `log` and `pow`, still depend on it); and a call cost a draw about 65
/// instructions (the call, glibc's wrapper, the spills around it) where this, inlined,
/// costs about 35, and 24 two at a time (`Exponential.weights`). This is the algorithm
/// of glibc's exp since 2.28 (Szabolcs Nagy's, from Arm's optimized-routines): x = k ln
/// 2 / 128 + r with |r| <= ln 2 / 256, e^x = 2^(k / 128) (1 + tail + r + r^2 (c2 + r
/// c3) + r^4 (c4 + r c5)) from a table of 2^(j / 128), its error under 0.52 ulp
/// (`LogitExponentialTests` checks it against e^x to 200 bits). It takes IEEE additions
/// and multiplications only, in a fixed order, and Swift fuses none of them into
/// multiply-adds, so it rounds alike on every platform: it is glibc's build without
/// fused multiply-adds, bit for bit.
public enum LogitExponential {
    /// e^`x`, within 0.52 ulp; 1 + x below 2^-54 in magnitude, subnormals below -708.4,
    /// 0 below -745.14 and at -infinity, infinity above 709.8, NaN for NaN. A loop
    /// takes `exponential` once and calls it: this fetches the table for every call.
    @inlinable
    public static func exp(_ x: Double) -> Double { exponential(x) }

    /// The exponential with its table's address at hand: fetched once before a loop, it
    /// costs the loop no access to a global per call (which cost more than the
    /// exponential itself).
    @inlinable
    public static var exponential: Exponential { Exponential(table: table) }

    /// e^x over a table of 2^(j / 128) (`LogitExponential`).
    @frozen
    public struct Exponential {
        @usableFromInline let table: UnsafePointer<UInt64>

        @inlinable
        init(table: UnsafePointer<UInt64>) { self.table = table }

        @inlinable @inline(__always)
        public func callAsFunction(_ x: Double) -> Double {
            // The table's path takes 2^-54 <= |x| < 512; below, e^x rounds to 1 + x (0 is
            // every menu's maximum); the rest goes to `exp(outside:)`.
            let top = UInt32(truncatingIfNeeded: x.bitPattern >> 52) & 0x7ff
            guard _fastPath(top &- 0x3c9 < 0x408 &- 0x3c9) else { return top < 0x3c9 ? 1 + x : LogitExponential.exp(outside: x) }
            let (polynomial, scaleBits, _) = LogitExponential.reduced(x, table: table)
            let scale = Double(bitPattern: scaleBits)
            return scale + scale * polynomial
        }

        /// e^x for two inputs on the table's path (2^-54 <= |x| < 512, or below 2^-54,
        /// where the table's formula gives 1 + x too), lane by lane the operations of
        /// `callAsFunction`, so each lane's bits are its: in SSE2's two-lane registers
        /// about 24 instructions an exponential against 35 one at a time.
        @inlinable @inline(__always)
        public func pair(_ x: SIMD2<Double>) -> SIMD2<Double> {
            let z = 0x1.71547652b82fep0 * 128 * x
            var kd = z + 0x1.8p52
            let k = unsafeBitCast(kd, to: SIMD2<UInt64>.self)
            kd -= 0x1.8p52
            let r = x + kd * -0x1.62e42fefa0000p-8 + kd * -0x1.cf79abc9e3b3ap-47
            let i0 = Int(truncatingIfNeeded: k[0] & 127) &* 2, i1 = Int(truncatingIfNeeded: k[1] & 127) &* 2
            let tail = SIMD2(Double(bitPattern: table[i0]), Double(bitPattern: table[i1]))
            let scaleBits = SIMD2(table[i0 &+ 1], table[i1 &+ 1]) &+ (k &<< 45)
            let r2 = r * r
            let polynomial = tail + r + r2 * (0x1.ffffffffffdbdp-2 + r * 0x1.555555555543cp-3)
                + r2 * r2 * (0x1.55555cf172b91p-5 + r * 0x1.1111167a4d017p-7)
            let scale = unsafeBitCast(scaleBits, to: SIMD2<Double>.self)
            return scale + scale * polynomial
        }

        /// Replaces each value v in `values` by e^(v - `maximum`), two at a time when
        /// `lowest`, a lower bound of the values, puts every v - maximum on the table's
        /// path (v <= maximum); one at a time otherwise. The same bits either way. A
        /// call of its own: inlined, it grew the draw past what the compiler inlines its
        /// buffer closures into, which cost a draw more than the call.
        @inline(never)
        public func weights(_ values: UnsafeMutableBufferPointer<Double>, maximum: Double, lowest: Double) {
            guard lowest - maximum >= -511 else {
                for k in values.indices { values[k] = self(values[k] - maximum) }
                return
            }
            var k = 0
            while k &+ 1 < values.count {
                let w = pair(SIMD2(values[k], values[k &+ 1]) - maximum)
                values[k] = w[0]
                values[k &+ 1] = w[1]
                k &+= 2
            }
            if k < values.count { values[k] = self(values[k] - maximum) }
        }

        /// `weights(_:maximum:lowest:)`, and each weight w's inverse 1 / w in `inverses`
        /// (0 where w is not positive: an underflowed weight), returning the weights' sum
        /// added in index order. The inverses two at a time as well: in the weights' loop
        /// a menu's nests cost about 6 instructions fewer each than in a loop of their own.
        @inline(never)
        public func weights(_ values: UnsafeMutableBufferPointer<Double>, inverses: UnsafeMutableBufferPointer<Double>,
                            maximum: Double, lowest: Double) -> Double {
            precondition(inverses.count >= values.count, "an inverse for each weight")
            var total = 0.0
            var k = 0
            if lowest - maximum >= -511 {
                while k &+ 1 < values.count {
                    let w = pair(SIMD2(values[k], values[k &+ 1]) - maximum)
                    let inverse = (SIMD2<Double>(repeating: 1) / w).replacing(with: 0, where: .!(w .> 0))
                    values[k] = w[0]
                    values[k &+ 1] = w[1]
                    inverses[k] = inverse[0]
                    inverses[k &+ 1] = inverse[1]
                    total += w[0]
                    total += w[1]
                    k &+= 2
                }
            }
            while k < values.count {
                let w = self(values[k] - maximum)
                values[k] = w
                inverses[k] = w > 0 ? 1 / w : 0
                total += w
                k &+= 1
            }
            return total
        }

        /// `LogitExponential.exponentiate`, inlined into a loop that holds the table.
        /// One at a time: a nest's few sellers gain nothing from pairs.
        @inlinable @inline(__always)
        public func exponentiate(_ values: UnsafeMutableBufferPointer<Double>, maximum: Double) -> Double {
            var total = 0.0
            for k in values.indices {
                // e^0 is 1 exactly (the maximum's own weight).
                let weight = self(values[k] - maximum)
                values[k] = weight
                total += weight
            }
            return total
        }
    }

    /// The polynomial part of e^x and the bits of its scale 2^(k / 128) (k in the
    /// exponent's place, which may overflow it outside the table's path), and k.
    @inlinable @inline(__always)
    static func reduced(_ x: Double, table: UnsafePointer<UInt64>) -> (polynomial: Double, scaleBits: UInt64, k: UInt64) {
        // k = round(x 128 / ln 2), by the shift 1.5 x 2^52 that leaves k in the low bits.
        let z = 0x1.71547652b82fep0 * 128 * x
        var kd = z + 0x1.8p52
        let k = kd.bitPattern
        kd -= 0x1.8p52
        // r = x - k ln 2 / 128, with ln 2 / 128 in two parts (the first times k is exact).
        let r = x + kd * -0x1.62e42fefa0000p-8 + kd * -0x1.cf79abc9e3b3ap-47
        let index = Int(truncatingIfNeeded: k % 128) &* 2
        let tail = Double(bitPattern: table[index])
        let scaleBits = table[index &+ 1] &+ (k << 45)
        let r2 = r * r
        let polynomial = tail + r + r2 * (0x1.ffffffffffdbdp-2 + r * 0x1.555555555543cp-3)
            + r2 * r2 * (0x1.55555cf172b91p-5 + r * 0x1.1111167a4d017p-7)
        return (polynomial, scaleBits, k)
    }

    /// e^x for |x| from 512 (where the scale's exponent overflows, or the result is
    /// subnormal), infinities and NaN.
    @usableFromInline @inline(never)
    static func exp(outside x: Double) -> Double {
        let top = UInt32(truncatingIfNeeded: x.bitPattern >> 52) & 0x7ff
        if top >= 0x409 {
            if x == -.infinity { return 0 }
            if top == 0x7ff { return 1 + x }
            return x < 0 ? 0 : .infinity
        }
        let (polynomial, scaleBits, k) = reduced(x, table: table)
        if k & 0x8000_0000 == 0 {
            // k > 0: scale by 2^1009 after the sum, so the scale's exponent fits.
            let scale = Double(bitPattern: scaleBits &- (1009 << 52))
            return 0x1p1009 * (scale + scale * polynomial)
        }
        // k < 0: the sum is rounded to the subnormal's precision before scaling down,
        // so it is rounded once.
        let scale = Double(bitPattern: scaleBits &+ (1022 << 52))
        var y = scale + scale * polynomial
        if y < 1 {
            var lo = scale - y + scale * polynomial
            let hi = 1 + y
            lo = 1 - hi + y + lo
            y = (hi + lo) - 1
            if y == 0 { y = 0 }
        }
        return 0x1p-1022 * y
    }

    /// Replaces each value v in `values` by exp(v - `maximum`) and returns their sum,
    /// added in index order (the order a draw over them sums in, so the draw and the
    /// total agree to the bit).
    @inlinable
    public static func exponentiate(_ values: UnsafeMutableBufferPointer<Double>, maximum: Double) -> Double {
        exponential.exponentiate(values, maximum: maximum)
    }

    /// 2^(j / 128) for j in 0..<128, each as two words: the bits of t_j with j << 45
    /// taken from them (the shifted k adds it back), and a correction c_j, 2^(j / 128)
    /// = t_j (1 + c_j) to well beyond a double's precision. Generated with mpmath at
    /// 200 bits (t_j rounded to nearest); the words equal glibc's `__exp_data.tab`.
    /// Allocated once and never freed, so a loop can hold its address.
    @usableFromInline
    nonisolated(unsafe) static let table: UnsafePointer<UInt64> = {
        let words = UnsafeMutablePointer<UInt64>.allocate(capacity: tableWords.count)
        words.initialize(from: tableWords, count: tableWords.count)
        return UnsafePointer(words)
    }()

    private static let tableWords: [UInt64] = [
        0x0000000000000000, 0x3ff0000000000000,
        0x3c9b3b4f1a88bf6e, 0x3feff63da9fb3335,
        0xbc7160139cd8dc5d, 0x3fefec9a3e778061,
        0xbc905e7a108766d1, 0x3fefe315e86e7f85,
        0x3c8cd2523567f613, 0x3fefd9b0d3158574,
        0xbc8bce8023f98efa, 0x3fefd06b29ddf6de,
        0x3c60f74e61e6c861, 0x3fefc74518759bc8,
        0x3c90a3e45b33d399, 0x3fefbe3ecac6f383,
        0x3c979aa65d837b6d, 0x3fefb5586cf9890f,
        0x3c8eb51a92fdeffc, 0x3fefac922b7247f7,
        0x3c3ebe3d702f9cd1, 0x3fefa3ec32d3d1a2,
        0xbc6a033489906e0b, 0x3fef9b66affed31b,
        0xbc9556522a2fbd0e, 0x3fef9301d0125b51,
        0xbc5080ef8c4eea55, 0x3fef8abdc06c31cc,
        0xbc91c923b9d5f416, 0x3fef829aaea92de0,
        0x3c80d3e3e95c55af, 0x3fef7a98c8a58e51,
        0xbc801b15eaa59348, 0x3fef72b83c7d517b,
        0xbc8f1ff055de323d, 0x3fef6af9388c8dea,
        0x3c8b898c3f1353bf, 0x3fef635beb6fcb75,
        0xbc96d99c7611eb26, 0x3fef5be084045cd4,
        0x3c9aecf73e3a2f60, 0x3fef54873168b9aa,
        0xbc8fe782cb86389d, 0x3fef4d5022fcd91d,
        0x3c8a6f4144a6c38d, 0x3fef463b88628cd6,
        0x3c807a05b0e4047d, 0x3fef3f49917ddc96,
        0x3c968efde3a8a894, 0x3fef387a6e756238,
        0x3c875e18f274487d, 0x3fef31ce4fb2a63f,
        0x3c80472b981fe7f2, 0x3fef2b4565e27cdd,
        0xbc96b87b3f71085e, 0x3fef24dfe1f56381,
        0x3c82f7e16d09ab31, 0x3fef1e9df51fdee1,
        0xbc3d219b1a6fbffa, 0x3fef187fd0dad990,
        0x3c8b3782720c0ab4, 0x3fef1285a6e4030b,
        0x3c6e149289cecb8f, 0x3fef0cafa93e2f56,
        0x3c834d754db0abb6, 0x3fef06fe0a31b715,
        0x3c864201e2ac744c, 0x3fef0170fc4cd831,
        0x3c8fdd395dd3f84a, 0x3feefc08b26416ff,
        0xbc86a3803b8e5b04, 0x3feef6c55f929ff1,
        0xbc924aedcc4b5068, 0x3feef1a7373aa9cb,
        0xbc9907f81b512d8e, 0x3feeecae6d05d866,
        0xbc71d1e83e9436d2, 0x3feee7db34e59ff7,
        0xbc991919b3ce1b15, 0x3feee32dc313a8e5,
        0x3c859f48a72a4c6d, 0x3feedea64c123422,
        0xbc9312607a28698a, 0x3feeda4504ac801c,
        0xbc58a78f4817895b, 0x3feed60a21f72e2a,
        0xbc7c2c9b67499a1b, 0x3feed1f5d950a897,
        0x3c4363ed60c2ac11, 0x3feece086061892d,
        0x3c9666093b0664ef, 0x3feeca41ed1d0057,
        0x3c6ecce1daa10379, 0x3feec6a2b5c13cd0,
        0x3c93ff8e3f0f1230, 0x3feec32af0d7d3de,
        0x3c7690cebb7aafb0, 0x3feebfdad5362a27,
        0x3c931dbdeb54e077, 0x3feebcb299fddd0d,
        0xbc8f94340071a38e, 0x3feeb9b2769d2ca7,
        0xbc87deccdc93a349, 0x3feeb6daa2cf6642,
        0xbc78dec6bd0f385f, 0x3feeb42b569d4f82,
        0xbc861246ec7b5cf6, 0x3feeb1a4ca5d920f,
        0x3c93350518fdd78e, 0x3feeaf4736b527da,
        0x3c7b98b72f8a9b05, 0x3feead12d497c7fd,
        0x3c9063e1e21c5409, 0x3feeab07dd485429,
        0x3c34c7855019c6ea, 0x3feea9268a5946b7,
        0x3c9432e62b64c035, 0x3feea76f15ad2148,
        0xbc8ce44a6199769f, 0x3feea5e1b976dc09,
        0xbc8c33c53bef4da8, 0x3feea47eb03a5585,
        0xbc845378892be9ae, 0x3feea34634ccc320,
        0xbc93cedd78565858, 0x3feea23882552225,
        0x3c5710aa807e1964, 0x3feea155d44ca973,
        0xbc93b3efbf5e2228, 0x3feea09e667f3bcd,
        0xbc6a12ad8734b982, 0x3feea012750bdabf,
        0xbc6367efb86da9ee, 0x3fee9fb23c651a2f,
        0xbc80dc3d54e08851, 0x3fee9f7df9519484,
        0xbc781f647e5a3ecf, 0x3fee9f75e8ec5f74,
        0xbc86ee4ac08b7db0, 0x3fee9f9a48a58174,
        0xbc8619321e55e68a, 0x3fee9feb564267c9,
        0x3c909ccb5e09d4d3, 0x3feea0694fde5d3f,
        0xbc7b32dcb94da51d, 0x3feea11473eb0187,
        0x3c94ecfd5467c06b, 0x3feea1ed0130c132,
        0x3c65ebe1abd66c55, 0x3feea2f336cf4e62,
        0xbc88a1c52fb3cf42, 0x3feea427543e1a12,
        0xbc9369b6f13b3734, 0x3feea589994cce13,
        0xbc805e843a19ff1e, 0x3feea71a4623c7ad,
        0xbc94d450d872576e, 0x3feea8d99b4492ed,
        0x3c90ad675b0e8a00, 0x3feeaac7d98a6699,
        0x3c8db72fc1f0eab4, 0x3feeace5422aa0db,
        0xbc65b6609cc5e7ff, 0x3feeaf3216b5448c,
        0x3c7bf68359f35f44, 0x3feeb1ae99157736,
        0xbc93091fa71e3d83, 0x3feeb45b0b91ffc6,
        0xbc5da9b88b6c1e29, 0x3feeb737b0cdc5e5,
        0xbc6c23f97c90b959, 0x3feeba44cbc8520f,
        0xbc92434322f4f9aa, 0x3feebd829fde4e50,
        0xbc85ca6cd7668e4b, 0x3feec0f170ca07ba,
        0x3c71affc2b91ce27, 0x3feec49182a3f090,
        0x3c6dd235e10a73bb, 0x3feec86319e32323,
        0xbc87c50422622263, 0x3feecc667b5de565,
        0x3c8b1c86e3e231d5, 0x3feed09bec4a2d33,
        0xbc91bbd1d3bcbb15, 0x3feed503b23e255d,
        0x3c90cc319cee31d2, 0x3feed99e1330b358,
        0x3c8469846e735ab3, 0x3feede6b5579fdbf,
        0xbc82dfcd978e9db4, 0x3feee36bbfd3f37a,
        0x3c8c1a7792cb3387, 0x3feee89f995ad3ad,
        0xbc907b8f4ad1d9fa, 0x3feeee07298db666,
        0xbc55c3d956dcaeba, 0x3feef3a2b84f15fb,
        0xbc90a40e3da6f640, 0x3feef9728de5593a,
        0xbc68d6f438ad9334, 0x3feeff76f2fb5e47,
        0xbc91eee26b588a35, 0x3fef05b030a1064a,
        0x3c74ffd70a5fddcd, 0x3fef0c1e904bc1d2,
        0xbc91bdfbfa9298ac, 0x3fef12c25bd71e09,
        0x3c736eae30af0cb3, 0x3fef199bdd85529c,
        0x3c8ee3325c9ffd94, 0x3fef20ab5fffd07a,
        0x3c84e08fd10959ac, 0x3fef27f12e57d14b,
        0x3c63cdaf384e1a67, 0x3fef2f6d9406e7b5,
        0x3c676b2c6c921968, 0x3fef3720dcef9069,
        0xbc808a1883ccb5d2, 0x3fef3f0b555dc3fa,
        0xbc8fad5d3ffffa6f, 0x3fef472d4a07897c,
        0xbc900dae3875a949, 0x3fef4f87080d89f2,
        0x3c74a385a63d07a7, 0x3fef5818dcfba487,
        0xbc82919e2040220f, 0x3fef60e316c98398,
        0x3c8e5a50d5c192ac, 0x3fef69e603db3285,
        0x3c843a59ac016b4b, 0x3fef7321f301b460,
        0xbc82d52107b43e1f, 0x3fef7c97337b9b5f,
        0xbc892ab93b470dc9, 0x3fef864614f5a129,
        0x3c74b604603a88d3, 0x3fef902ee78b3ff6,
        0x3c83c5ec519d7271, 0x3fef9a51fbc74c83,
        0xbc8ff7128fd391f0, 0x3fefa4afa2a490da,
        0xbc8dae98e223747d, 0x3fefaf482d8e67f1,
        0x3c8ec3bc41aa2008, 0x3fefba1bee615a27,
        0x3c842b94c3a9eb32, 0x3fefc52b376bba97,
        0x3c8a64a931d185ee, 0x3fefd0765b6e4540,
        0xbc8e37bae43be3ed, 0x3fefdbfdad9cbe14,
        0x3c77893b4d91cd9d, 0x3fefe7c1819e90d8,
        0x3c5305c14160cc89, 0x3feff3c22b8f71f1,
    ]
}
