import Foundation
import Testing
@testable import SimulationKit

/// `LogitExponential`: its exponential against e^x computed independently (mpmath at
/// 200 bits) and against the C library's, its rounding pinned so a platform that rounds
/// it differently fails, its edges; and the weights of a menu on every path a menu takes
/// them: the maximum's weight exactly 1, weights that underflow to zero and to
/// subnormals, the sum added in index order, the order a draw over the weights adds
/// them in.
@Suite struct LogitExponentialTests {
    static func exponentiate(_ values: [Double]) -> (weights: [Double], total: Double) {
        var weights = values
        let total = weights.withUnsafeMutableBufferPointer {
            LogitExponential.exponentiate($0, maximum: values.max()!)
        }
        return (weights, total)
    }

    /// The distance from `a` to `b` in units in the last place of `b`.
    static func ulps(_ a: Double, _ b: Double) -> Double { abs(a - b) / b.ulp }

    @Test("within 0.51 ulp of e^x to 200 bits on 250 inputs in [-40, 0], [-1, 1] and [-511, 511]; rounded to nearest on all but one")
    func againstMpmath() {
        var misrounded = 0
        for (x, expected) in Self.reference.map({ (Double(bitPattern: $0.0), Double(bitPattern: $0.1)) }) {
            let y = LogitExponential.exp(x)
            // `expected` is e^x rounded to nearest: within half an ulp of it, y is within
            // 1 ulp; the generator (scripts in the commit message) measured 0.503 at worst.
            #expect(Self.ulps(y, expected) <= 1, "exp(\(x)) = \(y), e^x rounds to \(expected)")
            if y != expected { misrounded += 1 }
        }
        #expect(misrounded <= 1)
    }

    @Test("within 1 ulp of the C library's exp over the draw's range, equal on almost every input")
    func againstCLibrary() {
        let stream = RandomStream(seed: 25, key: StreamKey("exp-libm"))
        let generator = stream.generator
        var differ = 0
        let count = 200_000
        for i in 0..<count {
            // Half the inputs within 4 of 0, where most of a menu's weights are; the
            // rest down to -745 (subnormal weights from -708.4), and a few positive.
            let x = i % 2 == 0 ? generator.uniform(-4, 0) : (i % 10 == 1 ? generator.uniform(0, 709) : generator.uniform(-745, 0))
            let y = LogitExponential.exp(x), c = Foundation.exp(x)
            #expect(Self.ulps(y, c) <= 1, "exp(\(x)): \(y) against \(c)")
            if y != c { differ += 1 }
        }
        #expect(differ < count / 100, "\(differ) of \(count) differ")
    }

    @Test("its rounding is pinned: a fingerprint of 100,000 results equals the unfused algorithm's, computed in Python's IEEE doubles")
    func pinnedRounding() {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in 0..<100_000 {
            let x = -Double(i) * 0.000737 - 0.001
            hash ^= LogitExponential.exp(x).bitPattern
            hash = hash &* 0x100_0000_01b3
        }
        #expect(hash == 0x4c96_077c_8ae8_d9e8)
    }

    @Test("edges: 1 at 0 and below 2^-54, 0 at -infinity and below -745.14, subnormals, infinity, NaN")
    func exponentialEdges() {
        #expect(LogitExponential.exp(0) == 1)
        #expect(LogitExponential.exp(-0x1p-60) == 1)
        #expect(LogitExponential.exp(0x1p-55) == 1)
        #expect(LogitExponential.exp(-.infinity) == 0)
        #expect(LogitExponential.exp(-745.2) == 0)
        #expect(LogitExponential.exp(-1e6) == 0)
        #expect(LogitExponential.exp(-745.1) == .leastNonzeroMagnitude)
        #expect(LogitExponential.exp(-720).isSubnormal)
        #expect(LogitExponential.exp(709.7).isFinite && LogitExponential.exp(709.8) == .infinity)
        #expect(LogitExponential.exp(.infinity) == .infinity)
        #expect(LogitExponential.exp(.nan).isNaN)
        #expect(LogitExponential.exp(1) == 0x1.5bf0a8b145769p1)
        #expect(LogitExponential.exp(-1) == 0x1.78b56362cef38p-2)
    }

    @Test("weights two at a time are the exponential's one at a time, bit for bit, on the table's path and off it")
    func pairs() {
        let stream = RandomStream(seed: 25, key: StreamKey("exp-pairs"))
        let generator = stream.generator
        let exp = LogitExponential.exponential
        for trial in 0..<4_000 {
            let count = 1 + Int(generator.uniform() * 30)
            var values = (0..<count).map { _ in generator.uniform(-40, 5) }
            // The maximum itself (x = 0), a tiny difference, and values off the table's
            // path (one at a time then): a subnormal weight and a zero one.
            if trial % 3 == 0 { values[Int(generator.uniform() * Double(count))] = values.max()! }
            if trial % 5 == 0 { values[Int(generator.uniform() * Double(count))] = values.max()! - 0x1p-60 }
            if trial % 11 == 0 { values[Int(generator.uniform() * Double(count))] = -720 }
            if trial % 13 == 0 { values[Int(generator.uniform() * Double(count))] = -.infinity }
            let maximum = values.max()!
            var weights = values
            weights.withUnsafeMutableBufferPointer { exp.weights($0, maximum: maximum, lowest: values.min()!) }
            let expected = values.map { exp($0 - maximum) }
            #expect(weights.map(\.bitPattern) == expected.map(\.bitPattern), "menu \(trial): \(values)")
        }
    }

    @Test("weights with inverses: the same weights, each inverse 1 / w (0 for a zero weight), the total their sum in index order")
    func pairsWithInverses() {
        let stream = RandomStream(seed: 26, key: StreamKey("exp-inverses"))
        let generator = stream.generator
        let exp = LogitExponential.exponential
        for trial in 0..<4_000 {
            let count = 1 + Int(generator.uniform() * 30)
            var values = (0..<count).map { _ in generator.uniform(-40, 5) }
            // Off the table's path (one at a time then): a subnormal weight, zero ones
            // (their inverse 0, not infinity), and a NaN (inverse 0, as a weight no
            // comparison calls positive).
            if trial % 11 == 0 { values[Int(generator.uniform() * Double(count))] = -720 }
            if trial % 13 == 0 { values[Int(generator.uniform() * Double(count))] = -.infinity }
            if trial % 17 == 0 { values[Int(generator.uniform() * Double(count))] = -800 }
            if trial % 19 == 0 { values[Int(generator.uniform() * Double(count))] = .nan }
            let maximum = values.filter { !$0.isNaN }.max() ?? 0
            var weights = values
            var inverses = [Double](repeating: -1, count: count)
            let total = weights.withUnsafeMutableBufferPointer { w in
                inverses.withUnsafeMutableBufferPointer { exp.weights(w, inverses: $0, maximum: maximum, lowest: values.min()!) }
            }
            let expected = values.map { exp($0 - maximum) }
            #expect(weights.map(\.bitPattern) == expected.map(\.bitPattern), "menu \(trial): \(values)")
            #expect(inverses.map(\.bitPattern) == expected.map { ($0 > 0 ? 1 / $0 : 0).bitPattern }, "menu \(trial): \(values)")
            #expect(total.bitPattern == expected.reduce(0, +).bitPattern || (total.isNaN && expected.contains { $0.isNaN }),
                    "menu \(trial): \(values)")
        }
    }

    @Test("each weight is LogitExponential.exp(v - maximum) to the bit, the total their sum in index order")
    func menus() {
        let stream = RandomStream(seed: 9, key: StreamKey("exp-menus"))
        let generator = stream.generator
        for trial in 0..<5_000 {
            let count = 1 + Int(generator.uniform() * 40)
            var values = (0..<count).map { _ in generator.uniform(-15, 15) }
            // Some menus hold an offering whose weight underflows (to a subnormal, or to 0).
            if trial % 5 == 0 { values[Int(generator.uniform() * Double(count))] = -720 }
            if trial % 7 == 0 { values[Int(generator.uniform() * Double(count))] = -800 }
            let maximum = values.max()!
            let (weights, total) = Self.exponentiate(values)
            let expected = values.map { LogitExponential.exp($0 - maximum) }
            #expect(weights.map(\.bitPattern) == expected.map(\.bitPattern), "menu \(trial): \(values)")
            var sum = 0.0
            for w in expected { sum += w }
            #expect(total.bitPattern == sum.bitPattern, "menu \(trial)")
            #expect(weights[values.firstIndex(of: maximum)!] == 1)
        }
    }

    @Test("the weights span 1 down through subnormals to 0, and a one-entry menu weighs 1")
    func edges() {
        let (weights, total) = Self.exponentiate([0, -700, -740, -746])
        #expect(weights[0] == 1)
        #expect(weights[1] > 0 && weights[1].isNormal)
        #expect(weights[2] > 0 && weights[2].isSubnormal)
        #expect(weights[3] == 0)
        #expect(total == 1 + weights[1] + weights[2])
        let single = Self.exponentiate([-3.5])
        #expect(single.weights == [1] && single.total == 1)
    }

    @Test("the total adds in index order: 1, then two weights below half an ulp of 1, stays 1")
    func indexOrder() {
        // exp(ln 1e-16) is about 1e-16, less than half an ulp of 1 (1.1e-16): added to 1 one
        // at a time each vanishes; added to each other first they would not (1 + 2e-16).
        let small = Foundation.log(1e-16)
        let (weights, total) = Self.exponentiate([0, small, small])
        #expect(total == 1)
        #expect(weights[2] + weights[1] + weights[0] > 1, "the example tells the orders apart")
    }

    /// (x, e^x rounded to nearest), as bit patterns: x uniform in [-40, 0] (150), [-1, 1]
    /// (50) and [-511, 511] (50), Python's random with seed 25; e^x by mpmath 1.3.0 at 200
    /// bits.
    static let reference: [(UInt64, UInt64)] = [
        (0xc038ebe7f1285652, 0x3db0844e6210469f),
        (0xc0076d7c46422dd0, 0x3fab61a531e81024),
        (0xc0190c6bebb177e0, 0x3f5f3f49280e59fb),
        (0xc03f702bdb585a76, 0x3d1902028a5535b0),
        (0xc01486d5f1e7abf8, 0x3f783193c45c72e6),
        (0xc02d15437143a832, 0x3ea03c139d7e66ce),
        (0xc04326f3cadada39, 0x3c7ab230cc2093f8),
        (0xbffe190ec368c520, 0x3fc3827cd6ac23d7),
        (0xc03dc5cc9ad38ef0, 0x3d40880ca916c2d0),
        (0xc03bc392ef2d22c8, 0x3d6ecdf6d8c43583),
        (0xc037096b5084ed67, 0x3ddb304a80706587),
        (0xc030759dd2b4f3f8, 0x3e7314ae163ccf35),
        (0xc041831d608f6ce4, 0x3cc62ba3778fddfd),
        (0xc02910d94ab5d066, 0x3ece3fdaa83c97aa),
        (0xc01ad76d9c0eab48, 0x3f53f582b745c51b),
        (0xc03381da592ebe2c, 0x3e2cfafa0bc19e9c),
        (0xc0207171448c30a2, 0x3f319d9b1bef56f9),
        (0xc02e006910d84f92, 0x3e948326a16092bb),
        (0xc01c07add5a0dad0, 0x3f4da8457b48a5a7),
        (0xc0406197eaa0c6f3, 0x3cfa9b99682f84ea),
        (0xc039a724e56e68b9, 0x3d9fcb3dda309dbb),
        (0xc0353966ca607210, 0x3e04d1fca3f39641),
        (0xc041eb99eb4aae2b, 0x3cb399fd8c0ae24d),
        (0xbff1363ced50c080, 0x3fd5d3ad301e71a5),
        (0xc02d1e1d87382c84, 0x3e9fe9ae433e8ed8),
        (0xc04209157d7fa5c7, 0x3caf2343b10ad18b),
        (0xc030b05f4737f139, 0x3e6e55dae74b1ba3),
        (0xc0376c47293be292, 0x3dd27a9c345c1b0e),
        (0xc040364a5bcf46da, 0x3d02a8dd04abc2db),
        (0xc040c8068ff4122e, 0x3ce7e7c1ea8b4b8c),
        (0xc03591fc83a34100, 0x3dfd75cdb736c90c),
        (0xc04297b4d47dca89, 0x3c946fc91fe88872),
        (0xc0317a154fa73a60, 0x3e5b9790ac628432),
        (0xc03367239ad23b94, 0x3e30157ea7dbab87),
        (0xc0417559cfad3254, 0x3cc8aff7359ac9ad),
        (0xc013f96650a2fac0, 0x3f7bc6efc6d80666),
        (0xc043308102a512b8, 0x3c78c6c5a9d6ebb9),
        (0xc0408efdb2ce8532, 0x3cf2a9b204599bda),
        (0xc01d4060e05ca598, 0x3f45da5e2019d6a4),
        (0xc03f2ad960238982, 0x3d2064840fd148ab),
        (0xc037080478b10a63, 0x3ddb5681b724ddf5),
        (0xc0319ddfe1c3f528, 0x3e57fdefdf9caa8e),
        (0xc03693da2bfa018c, 0x3de584a711da71fe),
        (0xc0343c0c86f17b56, 0x3e1c01ac7cead322),
        (0xc033cf8d4fbb0928, 0x3e2564d837c71e17),
        (0xc034b0c1adc9deec, 0x3e11c0bdff6acb16),
        (0xc042d90a5a73242a, 0x3c8888aca443b101),
        (0xc01d62db221a4700, 0x3f452124d18e1101),
        (0xc03caf9ff2275d73, 0x3d588064edc5783a),
        (0xc0430b92810832c3, 0x3c8088189127a492),
        (0xc037ab2bcbd97c34, 0x3dcce85596b3d04b),
        (0xc01db05db876b808, 0x3f4396d1b39c2329),
        (0xc02db1a3ba552aaa, 0x3e97ec7f2b555d20),
        (0xc035b5ebd9e85e7e, 0x3df99a19455e3972),
        (0xc034e1482b4ff83c, 0x3e0d5fffc6312827),
        (0xc03f370830da9ddb, 0x3d1f42f7c8c1333c),
        (0xc02e8e17363cdc60, 0x3e8f1b8d72a82bff),
        (0xc039fb528e42f415, 0x3d96e2648e32655a),
        (0xc042b75abfe6c09d, 0x3c8feb7867c8e343),
        (0xc04165d5e9b02f0a, 0x3ccbde635dff2c47),
        (0xc04225c469ea4422, 0x3ca8e2fd75ddbde2),
        (0xc0293d74242044aa, 0x3ecbb9c50a9bde4e),
        (0xc012d94e27493bc0, 0x3f8266aa15696571),
        (0xc0238f714ea63442, 0x3f0da7b68629f781),
        (0xc03f388ad2601351, 0x3d1f13e4aaf0714c),
        (0xc0410ee8f24a35f0, 0x3cdb7aeadd1fc000),
        (0xbfffa7ca13526920, 0x3fc1b334da97ddf9),
        (0xc0390a6cbef247b0, 0x3dad523d8fca2b4f),
        (0xc040a7e184ec09b2, 0x3ceebacff232b650),
        (0xc0312476c284a863, 0x3e6346826cd7aedf),
        (0xc02e80089219dec8, 0x3e8ff9397f9cbb87),
        (0xc0325eeed462aca7, 0x3e46928d2249c467),
        (0xc035ec1a822753e8, 0x3df4b7e4be75faa2),
        (0xc03bd95b622fb3d4, 0x3d6c4ab443677344),
        (0xc03436945a84d94e, 0x3e1c9c80674eec14),
        (0xc035b3082caa80c2, 0x3df9e47db50651e4),
        (0xc0297e3c63c7d9ea, 0x3ec86e328c5c5e2b),
        (0xc03611cd041e8383, 0x3df1e1a6d01c3515),
        (0xc039cda3047d261d, 0x3d9b5af9950b35f3),
        (0xbfe1b9742bb1c940, 0x3fe26407ce50d99d),
        (0xc041c916e6546670, 0x3cb9aae9f8c02364),
        (0xc0238d00c55d02a0, 0x3f0dcbf8f916ab57),
        (0xc0374f3cec68fa1b, 0x3dd4b2dc1968085f),
        (0xc01f22f3fb70ce40, 0x3f3b48263fa0f367),
        (0xc02758311e4c246a, 0x3ee1e20129c30540),
        (0xc0315ab372f1d0fa, 0x3e5f30c705ae8f8d),
        (0xc02f306438de7de0, 0x3e86a822e0657d12),
        (0xc03ed175472394a5, 0x3d273e47a142c0a0),
        (0xc043adccf38f2917, 0x3c629e5c574b3edf),
        (0xc02446bf43c0b154, 0x3f04bb12e57d5b9d),
        (0xc03da549826c4d28, 0x3d42c52486c8df3a),
        (0xc041c72949a5729d, 0x3cba0ea57edda7de),
        (0xc01e2de9bacbea10, 0x3f41542d4b344a34),
        (0xc0305c6c6e1023bc, 0x3e750dd44bf47773),
        (0xc0435a5c9258374a, 0x3c71dd9c4995b2dd),
        (0xc03338a0e6f0e94a, 0x3e3349d580899e34),
        (0xc040ba8878377349, 0x3cea90121b5e3769),
        (0xc0158f22e758d228, 0x3f72b09ee474f05a),
        (0xc03d29145f7d0a5a, 0x3d4e7dd7c3edf7d9),
        (0xc00340c9a90bed30, 0x3fb711fa3d5a8f32),
        (0xc02eff26c6d06cf8, 0x3e88f1a676583e04),
        (0xc0426ef16ebf06db, 0x3c9c19c5b86926a9),
        (0xc037a58361a4ff22, 0x3dcd8db5d64a61c0),
        (0xbff5725020214fe0, 0x3fd0c053d90f05af),
        (0xc027ec0117791058, 0x3edacc0c0f512c7e),
        (0xc040e6ea67a3f7d8, 0x3ce2c79501b8cd5b),
        (0xc03948c5785d83fa, 0x3da6fbbea48e58b6),
        (0xc03d0d1fa72fe5e5, 0x3d5101462cd8d85e),
        (0xc04221d224923cc2, 0x3ca9aa793a1414f7),
        (0xc03040d71d8920ab, 0x3e77730244fd8bd4),
        (0xc02866e4825d1856, 0x3ed5143757a205c4),
        (0xc03f537cf22be0c2, 0x3d1bf90b84aea5d0),
        (0xc031ecec25786b0d, 0x3e519e47b98e4064),
        (0xc016366cf3415400, 0x3f6fbef2d6ab1add),
        (0xc0113925a7592a68, 0x3f8ba0a32cca36a7),
        (0xc04092efec515047, 0x3cf218a5f4201d88),
        (0xc04280743d76178f, 0x3c9881fb71406d1b),
        (0xc00c0ae7875ee1e0, 0x3f9ec206c5d7149f),
        (0xc03af10a4a6f142c, 0x3d818703d2a880e0),
        (0xc040addc22bd9e8a, 0x3ced53cc500c647d),
        (0xc020177fddb2d37e, 0x3f34ffa69886db18),
        (0xc03d6e9c59a08e92, 0x3d473d41f20508ca),
        (0xc0268eeaab10f034, 0x3eea7eb969a9a8ab),
        (0xc028ba3ebac5d56c, 0x3ed1e9815903b6e9),
        (0xc03c4b4138db5738, 0x3d6221b3f98bd004),
        (0xc0358efab801b0e4, 0x3dfdcee9bc0cde6f),
        (0xc03c6c521207bb96, 0x3d5fde8a1fbfa7ca),
        (0xc01ef9876cb1eb38, 0x3f3c687911775eac),
        (0xc03ca3d374bb6b9f, 0x3d59a83f894a48ed),
        (0xc03d0c23d0b9b704, 0x3d511208e8b3814f),
        (0xc016cd9690d6c138, 0x3f6b6399737c1f8b),
        (0xc03cf2118ab4272c, 0x3d52e68959cd9134),
        (0xc0368926b1cd84a0, 0x3de66fcd0613ac6c),
        (0xc0335d123076ab95, 0x3e30baa7aeb19248),
        (0xc043f5b2e434998a, 0x3c553be6fe775699),
        (0xc03c873e72a7fac3, 0x3d5cb016ea8b8dcd),
        (0xc024835bddf9ea2e, 0x3f026a92aa384ec6),
        (0xbfe80cc50912cb80, 0x3fde2f32f620f3b5),
        (0xc03a54302a189a30, 0x3d902c32e7d0b080),
        (0xc034ec749e45f8a0, 0x3e0c1ed56fb2ba54),
        (0xc042dc530d68c047, 0x3c87e996174307ac),
        (0xc0347a4722c00e12, 0x3e15f682d0254418),
        (0xc0399c6e27e99289, 0x3da0938d62de4b7e),
        (0xc033ea6997c0bf75, 0x3e23435049159364),
        (0xc03c0e3061c2d22a, 0x3d670424441c602a),
        (0xc03b712d71771ebd, 0x3d75401b01289af5),
        (0xc00bc572ea2243d0, 0x3f9fd1a50632a7b4),
        (0xc021d3a83e73c3aa, 0x3f21a391baeb05e7),
        (0xc03998fc08eb60ae, 0x3da0cd0e9bed9fbc),
        (0xc04298f9916838b2, 0x3c943c318ec4cc99),
        (0xbfecaa1bf2c9fa2a, 0x3fda21816e7dac51),
        (0xbfe9d2c2406ea992, 0x3fdc8e9e4ac23103),
        (0xbfe7a686595ac090, 0x3fde903f41dac6df),
        (0x3fc528388c97f170, 0x3ff2e031f0ac6023),
        (0x3fa5894a818edca0, 0x3ff0aff718a8abe0),
        (0xbfe7af3ab05f6b36, 0x3fde87f014e693aa),
        (0x3fe83464a91cd360, 0x40010b6f1aa77afc),
        (0x3fd5ceade143df20, 0x3ff67eec72847003),
        (0x3fdad18fdda78b68, 0x3ff853fa125a3516),
        (0x3fe950ca4d08dc68, 0x4001a593b8d1f456),
        (0xbfd7d41dfb571280, 0x3fe60d5fc5350c29),
        (0x3fe9c7f614566b84, 0x4001e7c691e20c10),
        (0x3fee78fff6dd77a0, 0x4004bb920c6b5bc8),
        (0x3fea29cfbe5811bc, 0x40021edaf9fd79b1),
        (0xbfed1118df644d1c, 0x3fd9cdeedcde298f),
        (0x3fe673380affeaea, 0x4000229fc6f25bbe),
        (0x3feeff251fe40c0a, 0x40051332be77b44a),
        (0xbfe92aa91f1a298e, 0x3fdd262e2faaca4e),
        (0x3fe7639b947fa6dc, 0x40009da168b296e8),
        (0x3fe42e030cc48200, 0x3ffe0f6fe99f74df),
        (0xbfedef9d9713ea3a, 0x3fd91ce971599eb9),
        (0x3fda93a46ad45938, 0x3ff83c7be72d094b),
        (0x3fe099c66791637a, 0x3ffae1202b61a7ba),
        (0x3fdfe9a077fefb14, 0x3ffa57f264009901),
        (0xbfec4d910192c68c, 0x3fda6d80e7566aaf),
        (0x3fee0f924e708ca8, 0x400477b393d53adb),
        (0xbfeb43d41991ab76, 0x3fdb4c90eca06e7b),
        (0xbfea94cb7e65fca8, 0x3fdbe37e49be1830),
        (0x3fec9ef5e8875d6c, 0x40039128c0b638d3),
        (0xbfa360600603c960, 0x3feecfc505690b88),
        (0xbfe494e461f06940, 0x3fe0d1e2a2dadd41),
        (0xbfcaf3510701ff20, 0x3fe9eca6f15c34a8),
        (0x3fcfa3393c8d5688, 0x3ff47c7f8dc7a659),
        (0xbfdda76404130754, 0x3fe422390d5f03a2),
        (0x3fea872575daa832, 0x400254028f4b23b6),
        (0x3fd683239297e23c, 0x3ff6beb48ba9c59d),
        (0xbfcd165729b8ab80, 0x3fe97ec7cf71ab93),
        (0xbfd1109c8708e41c, 0x3fe882a8c7118659),
        (0xbfe899849f858b14, 0x3fddab920dc4a209),
        (0x3fef178f60a4530e, 0x4005234d42a978e9),
        (0xbfd8aa29345b87b0, 0x3fe5c419fa6f8865),
        (0x3febe78984070e88, 0x4003223f670a4ef2),
        (0x3fb478eb74474230, 0x3ff15502d82d9a49),
        (0x3fb32333ccfb9c20, 0x3ff13def96527040),
        (0xbfe4c2bb1764ddaa, 0x3fe0b9dbdaa52b3b),
        (0x3f758b09859a8e00, 0x3ff0159990e2c794),
        (0xbfe9b09c3a2cb658, 0x3fdcad280a4fd3e9),
        (0xbfba9d943bc83890, 0x3fecd714df2d445e),
        (0x3fcd084cd4bc1710, 0x3ff412d6234cb421),
        (0x3feb40427e19ec48, 0x4002bf3ddbf9f410),
        (0xc071d30c1fe23328, 0x26378aa3227d10c2),
        (0xc074573d0acba9c2, 0x22962f0b37e8b386),
        (0x4072614a1008570e, 0x5a734630026669c5),
        (0xc0777cf45f9ed60c, 0x1e0c4572433f377e),
        (0xc07381ffdae0fdf3, 0x23c9f8b8f1bec5d0),
        (0xc0362a64cf19efb0, 0x3df03e5b489cdf0a),
        (0xc05285be26fc8d94, 0x394147edd80aaf21),
        (0x407f7b6bf8d34d22, 0x6d5a175545b62023),
        (0xc07bc4248164bf88, 0x17e0cb40a248e9ab),
        (0x4077b343fd5ec570, 0x6220dd2dd1e44f94),
        (0xc04318c9398579c8, 0x3c7dd2004d49e411),
        (0xc0771badfcb20376, 0x1e981fbc4bacc810),
        (0xc070b855a23d92e4, 0x27d08d418db7371f),
        (0x407a1dd3cb5afb7e, 0x659cda37be6a63d8),
        (0xc074a41630017d32, 0x22274c58299a4ba1),
        (0xc053a6d192ee2574, 0x38d829bfbc769509),
        (0xc07d72e6a1ae623b, 0x1572c0d268650f22),
        (0xc02b2330d1414260, 0x3eb5791c68c51d91),
        (0x406992ed1539a100, 0x5261ea1d9cd9e099),
        (0x406e2ca6c1070520, 0x55b328793d97e125),
        (0xc0646cee968f8ed0, 0x313320fdbe44bc2e),
        (0xc052ebf3557b492c, 0x391bfee78a7ec8e1),
        (0x4074ca1f79ce1692, 0x5ded99986cdb428b),
        (0x40781c7baee4fde8, 0x62b7a3e9fbea440f),
        (0xc04bb9f63be55b70, 0x3aeff761de1fce16),
        (0xc07c66d79008522c, 0x16f51ae37cbee87d),
        (0x407c0917881817b4, 0x6861b7ee07205f55),
        (0xc063d77b4feb8ca6, 0x319fe6a838a4de00),
        (0xc038c2b9920a5bb0, 0x3db366405ad5166a),
        (0xc07cf11a06fc2ddc, 0x162e8b7f803fccde),
        (0xc07e89d8dfc95604, 0x13e0e04d66c4fa65),
        (0xc078b1abd1a878b7, 0x1c4fa9fcd1895b35),
        (0x40468e663f817ba0, 0x4400f44867b78fc1),
        (0xc06e82824d97ace2, 0x29ed3a71ae7fbe50),
        (0x4072c0c6cf0cdc32, 0x5afd6a8926f16979),
        (0xc0769f9bb838cec6, 0x1f4b77fbd0d16203),
        (0x4063d046f29f4394, 0x4e39a0cfcceaef62),
        (0xc07e912e014fcd7d, 0x13d5580a85391a8c),
        (0xc061ffb03f019f44, 0x32f33d2d134ff4bf),
        (0x407c36ab249b628e, 0x68a31dd995406757),
        (0xc06f0a1e5a6b4814, 0x298b02a868ba025b),
        (0xc067c402ccbe1a7e, 0x2eca1edb12e8ba6c),
        (0xc07deff36e0a39c4, 0x14befc2fbd99db80),
        (0x4077c96c87d7a1a6, 0x6240d7274a7c2aa8),
        (0xc01c037852018980, 0x3f4dc78af74ad9e7),
        (0xc06ff0a74b8c3636, 0x28e4900a2e113e50),
        (0x404f0992a20d7720, 0x458781aa12e91779),
        (0xc06dbbaedfbfa610, 0x2a7c8196e2dca116),
        (0x4078c5663880a438, 0x63abbe5bf76b1d7d),
        (0xc0531d355b50b900, 0x3909ef0867ce21e5),
    ]
}
