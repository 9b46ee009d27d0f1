import PeeringModel

/// AWS region names as the localized AWS console shows them (German, French, Spanish, Italian,
/// Portuguese, Japanese, Korean, Simplified and Traditional Chinese, Indonesian, Turkish), for
/// customers who copy the region from the console in their language. English names and codes
/// are `RegionTable`'s; this table is asked only when that one does not know the text.
///
/// A name matches whole ("Europa (Frankfurt)", "米国東部 (バージニア北部)"), with its code
/// ("eu-central-1 (Europa (Frankfurt))"), or as the part in parentheses alone ("Nord-Virginia",
/// "東京") when that names one region and is not a word several regions share ("Zentral").
/// Case, accents, spaces, dots and dashes do not matter.
enum LocalizedRegionNames {
    /// The region code `value` names, or nil.
    static func code(for value: ArraySlice<UInt8>, in regions: RegionTable) -> String? {
        let whole = key(value)
        if let code = byName[whole] ?? byShortName[whole] { return code }
        // A code and a name of the same region, either way round.
        let words = value.split(separator: 0x20)
        guard words.count >= 2, let first = words.first, let last = words.last else { return nil }
        if let region = regions.region(code: String(decoding: first, as: UTF8.self)) {
            let rest = value[(first.endIndex)...]
            if name(rest, names: region.code) { return region.code }
        }
        if let region = regions.region(code: String(decoding: last, as: UTF8.self)) {
            let rest = value[..<last.startIndex]
            if name(rest, names: region.code) { return region.code }
        }
        return nil
    }

    /// Whether `text` ("(Europa (Frankfurt))", "- Tokio") is a name of the region `code`.
    private static func name(_ text: ArraySlice<UInt8>, names code: String) -> Bool {
        var rest = text
        while let first = rest.first, first == 0x20 || first == 0x2D || first == 0x3A || first == 0x7C {
            rest = rest.dropFirst()
        }
        while let last = rest.last, last == 0x20 || last == 0x2D || last == 0x3A || last == 0x7C {
            rest = rest.dropLast()
        }
        if rest.first == 0x28, rest.last == 0x29 { rest = rest.dropFirst().dropLast() }
        let key = key(rest)
        return !key.isEmpty && (byName[key] == code || byShortName[key] == code)
    }

    /// Lower case; accented Latin and Turkish letters plain; spaces, dots, dashes and
    /// apostrophes dropped (so "EE. UU. Este" and "EE.UU.-Este" are one key).
    static func key(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var key: [UInt8] = []
        key.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            index += 1
            switch byte {
            case 0x20, 0x2E, 0x2D, 0x27: continue
            case 0x41...0x5A: key.append(byte + 0x20)
            case 0xC3, 0xC4, 0xC5:
                guard index < text.endIndex, let plain = fold(byte, text[index]) else {
                    key.append(byte)
                    continue
                }
                key.append(plain)
                index += 1
            default: key.append(byte)
            }
        }
        return key
    }

    /// The plain letter of a two-byte Latin letter: U+00C0…U+00FF, and Turkish ğ, ı, İ, ş.
    private static func fold(_ lead: UInt8, _ second: UInt8) -> UInt8? {
        guard second >= 0x80, second <= 0xBF else { return nil }
        switch (lead, second) {
        case (0xC4, 0x9E), (0xC4, 0x9F): return 0x67  // Ğ ğ
        case (0xC4, 0xB0), (0xC4, 0xB1): return 0x69  // İ ı
        case (0xC5, 0x9E), (0xC5, 0x9F): return 0x73  // Ş ş
        case (0xC3, _): break
        default: return nil
        }
        switch (second - 0x80) % 0x20 {
        case 0x00...0x05: return 0x61
        case 0x07: return 0x63
        case 0x08...0x0B: return 0x65
        case 0x0C...0x0F: return 0x69
        case 0x11: return 0x6E
        case 0x12...0x16, 0x18: return 0x6F
        case 0x19...0x1C: return 0x75
        case 0x1D: return 0x79
        default: return nil
        }
    }

    /// Parenthesised names several regions share, or too generic to stand alone.
    private static let sharedShortNames: Set<String> = [
        "zentral", "centre", "central", "centrale", "tengah", "orta", "中部", "중부",
    ]

    private static let byName: [[UInt8]: String] = {
        var table: [[UInt8]: String] = [:]
        for names in consoleNames {
            for (code, name) in names { table[key(TextCleanup.clean(name)[...])] = code }
        }
        return table
    }()

    private static let byShortName: [[UInt8]: String] = {
        var codes: [[UInt8]: Set<String>] = [:]
        for names in consoleNames {
            for (code, name) in names {
                let cleaned = TextCleanup.clean(name)
                guard let open = cleaned.lastIndex(of: 0x28), let close = cleaned.lastIndex(of: 0x29), open < close
                else { continue }
                let short = cleaned[(open + 1)..<close]
                guard !sharedShortNames.contains(String(decoding: short, as: UTF8.self).lowercased()) else { continue }
                codes[key(short), default: []].insert(code)
            }
        }
        return codes.compactMapValues { $0.count == 1 ? $0.first : nil }
    }()

    /// The console's names, one table per language: code, name.
    static let consoleNames: [[(String, String)]] = [
        // German
        [
            ("us-east-1", "USA Ost (Nord-Virginia)"), ("us-east-2", "USA Ost (Ohio)"),
            ("us-west-1", "USA West (Nordkalifornien)"), ("us-west-2", "USA West (Oregon)"),
            ("ca-central-1", "Kanada (Zentral)"), ("sa-east-1", "Südamerika (São Paulo)"),
            ("eu-central-1", "Europa (Frankfurt)"), ("eu-central-2", "Europa (Zürich)"),
            ("eu-west-1", "Europa (Irland)"), ("eu-west-2", "Europa (London)"), ("eu-west-3", "Europa (Paris)"),
            ("eu-north-1", "Europa (Stockholm)"), ("eu-south-1", "Europa (Mailand)"),
            ("eu-south-2", "Europa (Spanien)"), ("ap-northeast-1", "Asien-Pazifik (Tokio)"),
            ("ap-northeast-2", "Asien-Pazifik (Seoul)"), ("ap-northeast-3", "Asien-Pazifik (Osaka)"),
            ("ap-southeast-1", "Asien-Pazifik (Singapur)"), ("ap-southeast-2", "Asien-Pazifik (Sydney)"),
            ("ap-southeast-3", "Asien-Pazifik (Jakarta)"), ("ap-south-1", "Asien-Pazifik (Mumbai)"),
            ("ap-east-1", "Asien-Pazifik (Hongkong)"), ("me-south-1", "Naher Osten (Bahrain)"),
            ("af-south-1", "Afrika (Kapstadt)"),
        ],
        // French
        [
            ("us-east-1", "USA Est (Virginie du Nord)"), ("us-east-2", "USA Est (Ohio)"),
            ("us-west-1", "USA Ouest (Californie du Nord)"), ("us-west-2", "USA Ouest (Oregon)"),
            ("ca-central-1", "Canada (Centre)"), ("sa-east-1", "Amérique du Sud (São Paulo)"),
            ("eu-central-1", "Europe (Francfort)"), ("eu-central-2", "Europe (Zurich)"),
            ("eu-west-1", "Europe (Irlande)"), ("eu-west-2", "Europe (Londres)"), ("eu-west-3", "Europe (Paris)"),
            ("eu-north-1", "Europe (Stockholm)"), ("eu-south-1", "Europe (Milan)"),
            ("eu-south-2", "Europe (Espagne)"), ("ap-northeast-1", "Asie-Pacifique (Tokyo)"),
            ("ap-northeast-2", "Asie-Pacifique (Séoul)"), ("ap-northeast-3", "Asie-Pacifique (Osaka)"),
            ("ap-southeast-1", "Asie-Pacifique (Singapour)"), ("ap-southeast-2", "Asie-Pacifique (Sydney)"),
            ("ap-southeast-3", "Asie-Pacifique (Jakarta)"), ("ap-south-1", "Asie-Pacifique (Mumbai)"),
            ("ap-east-1", "Asie-Pacifique (Hong Kong)"), ("me-south-1", "Moyen-Orient (Bahreïn)"),
            ("af-south-1", "Afrique (Le Cap)"),
        ],
        // Spanish
        [
            ("us-east-1", "EE. UU. Este (Norte de Virginia)"), ("us-east-2", "EE. UU. Este (Ohio)"),
            ("us-west-1", "EE. UU. Oeste (Norte de California)"), ("us-west-2", "EE. UU. Oeste (Oregón)"),
            ("ca-central-1", "Canadá (Central)"), ("sa-east-1", "América del Sur (São Paulo)"),
            ("eu-central-1", "Europa (Fráncfort)"), ("eu-central-2", "Europa (Zúrich)"),
            ("eu-west-1", "Europa (Irlanda)"), ("eu-west-2", "Europa (Londres)"), ("eu-west-3", "Europa (París)"),
            ("eu-north-1", "Europa (Estocolmo)"), ("eu-south-1", "Europa (Milán)"),
            ("eu-south-2", "Europa (España)"), ("ap-northeast-1", "Asia Pacífico (Tokio)"),
            ("ap-northeast-2", "Asia Pacífico (Seúl)"), ("ap-northeast-3", "Asia Pacífico (Osaka)"),
            ("ap-southeast-1", "Asia Pacífico (Singapur)"), ("ap-southeast-2", "Asia Pacífico (Sídney)"),
            ("ap-southeast-3", "Asia Pacífico (Yakarta)"), ("ap-south-1", "Asia Pacífico (Mumbai)"),
            ("ap-east-1", "Asia Pacífico (Hong Kong)"), ("me-south-1", "Medio Oriente (Baréin)"),
            ("af-south-1", "África (Ciudad del Cabo)"),
        ],
        // Italian
        [
            ("us-east-1", "Stati Uniti orientali (Virginia settentrionale)"),
            ("us-east-2", "Stati Uniti orientali (Ohio)"),
            ("us-west-1", "Stati Uniti occidentali (California settentrionale)"),
            ("us-west-2", "Stati Uniti occidentali (Oregon)"), ("ca-central-1", "Canada (Centrale)"),
            ("sa-east-1", "Sud America (San Paolo)"), ("eu-central-1", "Europa (Francoforte)"),
            ("eu-central-2", "Europa (Zurigo)"), ("eu-west-1", "Europa (Irlanda)"), ("eu-west-2", "Europa (Londra)"),
            ("eu-west-3", "Europa (Parigi)"), ("eu-north-1", "Europa (Stoccolma)"), ("eu-south-1", "Europa (Milano)"),
            ("eu-south-2", "Europa (Spagna)"), ("ap-northeast-1", "Asia Pacifico (Tokyo)"),
            ("ap-northeast-2", "Asia Pacifico (Seul)"), ("ap-northeast-3", "Asia Pacifico (Osaka)"),
            ("ap-southeast-1", "Asia Pacifico (Singapore)"), ("ap-southeast-2", "Asia Pacifico (Sydney)"),
            ("ap-southeast-3", "Asia Pacifico (Giacarta)"), ("ap-south-1", "Asia Pacifico (Mumbai)"),
            ("ap-east-1", "Asia Pacifico (Hong Kong)"), ("me-south-1", "Medio Oriente (Bahrein)"),
            ("af-south-1", "Africa (Città del Capo)"),
        ],
        // Portuguese
        [
            ("us-east-1", "Leste dos EUA (Norte da Virgínia)"), ("us-east-2", "Leste dos EUA (Ohio)"),
            ("us-west-1", "Oeste dos EUA (Norte da Califórnia)"), ("us-west-2", "Oeste dos EUA (Oregon)"),
            ("ca-central-1", "Canadá (Central)"), ("sa-east-1", "América do Sul (São Paulo)"),
            ("eu-central-1", "Europa (Frankfurt)"), ("eu-central-2", "Europa (Zurique)"),
            ("eu-west-1", "Europa (Irlanda)"), ("eu-west-2", "Europa (Londres)"), ("eu-west-3", "Europa (Paris)"),
            ("eu-north-1", "Europa (Estocolmo)"), ("eu-south-1", "Europa (Milão)"),
            ("eu-south-2", "Europa (Espanha)"), ("ap-northeast-1", "Ásia-Pacífico (Tóquio)"),
            ("ap-northeast-2", "Ásia-Pacífico (Seul)"), ("ap-northeast-3", "Ásia-Pacífico (Osaka)"),
            ("ap-southeast-1", "Ásia-Pacífico (Singapura)"), ("ap-southeast-2", "Ásia-Pacífico (Sydney)"),
            ("ap-southeast-3", "Ásia-Pacífico (Jacarta)"), ("ap-south-1", "Ásia-Pacífico (Mumbai)"),
            ("ap-east-1", "Ásia-Pacífico (Hong Kong)"), ("me-south-1", "Oriente Médio (Bahrein)"),
            ("af-south-1", "África (Cidade do Cabo)"),
        ],
        // Japanese
        [
            ("us-east-1", "米国東部 (バージニア北部)"), ("us-east-2", "米国東部 (オハイオ)"),
            ("us-west-1", "米国西部 (北カリフォルニア)"), ("us-west-2", "米国西部 (オレゴン)"),
            ("ca-central-1", "カナダ (中部)"), ("sa-east-1", "南米 (サンパウロ)"),
            ("eu-central-1", "欧州 (フランクフルト)"), ("eu-central-2", "欧州 (チューリッヒ)"),
            ("eu-west-1", "欧州 (アイルランド)"), ("eu-west-2", "欧州 (ロンドン)"), ("eu-west-3", "欧州 (パリ)"),
            ("eu-north-1", "欧州 (ストックホルム)"), ("eu-south-1", "欧州 (ミラノ)"), ("eu-south-2", "欧州 (スペイン)"),
            ("ap-northeast-1", "アジアパシフィック (東京)"), ("ap-northeast-2", "アジアパシフィック (ソウル)"),
            ("ap-northeast-3", "アジアパシフィック (大阪)"), ("ap-southeast-1", "アジアパシフィック (シンガポール)"),
            ("ap-southeast-2", "アジアパシフィック (シドニー)"), ("ap-southeast-3", "アジアパシフィック (ジャカルタ)"),
            ("ap-south-1", "アジアパシフィック (ムンバイ)"), ("ap-east-1", "アジアパシフィック (香港)"),
            ("me-south-1", "中東 (バーレーン)"), ("af-south-1", "アフリカ (ケープタウン)"),
        ],
        // Korean
        [
            ("us-east-1", "미국 동부(버지니아 북부)"), ("us-east-2", "미국 동부(오하이오)"),
            ("us-west-1", "미국 서부(캘리포니아 북부)"), ("us-west-2", "미국 서부(오레곤)"),
            ("ca-central-1", "캐나다(중부)"), ("sa-east-1", "남아메리카(상파울루)"),
            ("eu-central-1", "유럽(프랑크푸르트)"), ("eu-central-2", "유럽(취리히)"), ("eu-west-1", "유럽(아일랜드)"),
            ("eu-west-2", "유럽(런던)"), ("eu-west-3", "유럽(파리)"), ("eu-north-1", "유럽(스톡홀름)"),
            ("eu-south-1", "유럽(밀라노)"), ("eu-south-2", "유럽(스페인)"), ("ap-northeast-1", "아시아 태평양(도쿄)"),
            ("ap-northeast-2", "아시아 태평양(서울)"), ("ap-northeast-3", "아시아 태평양(오사카)"),
            ("ap-southeast-1", "아시아 태평양(싱가포르)"), ("ap-southeast-2", "아시아 태평양(시드니)"),
            ("ap-southeast-3", "아시아 태평양(자카르타)"), ("ap-south-1", "아시아 태평양(뭄바이)"),
            ("ap-east-1", "아시아 태평양(홍콩)"), ("me-south-1", "중동(바레인)"), ("af-south-1", "아프리카(케이프타운)"),
        ],
        // Chinese (simplified)
        [
            ("us-east-1", "美国东部（弗吉尼亚北部）"), ("us-east-2", "美国东部（俄亥俄）"),
            ("us-west-1", "美国西部（加利福尼亚北部）"), ("us-west-2", "美国西部（俄勒冈）"),
            ("ca-central-1", "加拿大（中部）"), ("sa-east-1", "南美洲（圣保罗）"), ("eu-central-1", "欧洲（法兰克福）"),
            ("eu-central-2", "欧洲（苏黎世）"), ("eu-west-1", "欧洲（爱尔兰）"), ("eu-west-2", "欧洲（伦敦）"),
            ("eu-west-3", "欧洲（巴黎）"), ("eu-north-1", "欧洲（斯德哥尔摩）"), ("eu-south-1", "欧洲（米兰）"),
            ("eu-south-2", "欧洲（西班牙）"), ("ap-northeast-1", "亚太地区（东京）"),
            ("ap-northeast-2", "亚太地区（首尔）"), ("ap-northeast-3", "亚太地区（大阪）"),
            ("ap-southeast-1", "亚太地区（新加坡）"), ("ap-southeast-2", "亚太地区（悉尼）"),
            ("ap-southeast-3", "亚太地区（雅加达）"), ("ap-south-1", "亚太地区（孟买）"),
            ("ap-east-1", "亚太地区（香港）"), ("me-south-1", "中东（巴林）"), ("af-south-1", "非洲（开普敦）"),
        ],
        // Chinese (traditional)
        [
            ("us-east-1", "美國東部 (維吉尼亞北部)"), ("us-east-2", "美國東部 (俄亥俄)"),
            ("us-west-1", "美國西部 (加利佛尼亞北部)"), ("us-west-2", "美國西部 (奧勒岡)"),
            ("ca-central-1", "加拿大 (中部)"), ("sa-east-1", "南美洲 (聖保羅)"), ("eu-central-1", "歐洲 (法蘭克福)"),
            ("eu-central-2", "歐洲 (蘇黎世)"), ("eu-west-1", "歐洲 (愛爾蘭)"), ("eu-west-2", "歐洲 (倫敦)"),
            ("eu-west-3", "歐洲 (巴黎)"), ("eu-north-1", "歐洲 (斯德哥爾摩)"), ("eu-south-1", "歐洲 (米蘭)"),
            ("eu-south-2", "歐洲 (西班牙)"), ("ap-northeast-1", "亞太區域 (東京)"), ("ap-northeast-2", "亞太區域 (首爾)"),
            ("ap-northeast-3", "亞太區域 (大阪)"), ("ap-southeast-1", "亞太區域 (新加坡)"),
            ("ap-southeast-2", "亞太區域 (雪梨)"), ("ap-southeast-3", "亞太區域 (雅加達)"),
            ("ap-south-1", "亞太區域 (孟買)"), ("ap-east-1", "亞太區域 (香港)"), ("me-south-1", "中東 (巴林)"),
            ("af-south-1", "非洲 (開普敦)"),
        ],
        // Indonesian
        [
            ("us-east-1", "AS Timur (Virginia Utara)"), ("us-east-2", "AS Timur (Ohio)"),
            ("us-west-1", "AS Barat (California Utara)"), ("us-west-2", "AS Barat (Oregon)"),
            ("ca-central-1", "Kanada (Tengah)"), ("sa-east-1", "Amerika Selatan (Sao Paulo)"),
            ("eu-central-1", "Eropa (Frankfurt)"), ("eu-central-2", "Eropa (Zurich)"),
            ("eu-west-1", "Eropa (Irlandia)"),
            ("eu-west-2", "Eropa (London)"), ("eu-west-3", "Eropa (Paris)"), ("eu-north-1", "Eropa (Stockholm)"),
            ("eu-south-1", "Eropa (Milan)"), ("eu-south-2", "Eropa (Spanyol)"),
            ("ap-northeast-1", "Asia Pasifik (Tokyo)"), ("ap-northeast-2", "Asia Pasifik (Seoul)"),
            ("ap-northeast-3", "Asia Pasifik (Osaka)"), ("ap-southeast-1", "Asia Pasifik (Singapura)"),
            ("ap-southeast-2", "Asia Pasifik (Sydney)"), ("ap-southeast-3", "Asia Pasifik (Jakarta)"),
            ("ap-south-1", "Asia Pasifik (Mumbai)"), ("ap-east-1", "Asia Pasifik (Hong Kong)"),
            ("me-south-1", "Timur Tengah (Bahrain)"), ("af-south-1", "Afrika (Cape Town)"),
        ],
        // Turkish
        [
            ("us-east-1", "ABD Doğu (K. Virginia)"), ("us-east-2", "ABD Doğu (Ohio)"),
            ("us-west-1", "ABD Batı (K. Kaliforniya)"), ("us-west-2", "ABD Batı (Oregon)"),
            ("ca-central-1", "Kanada (Orta)"), ("sa-east-1", "Güney Amerika (São Paulo)"),
            ("eu-central-1", "Avrupa (Frankfurt)"), ("eu-central-2", "Avrupa (Zürih)"),
            ("eu-west-1", "Avrupa (İrlanda)"),
            ("eu-west-2", "Avrupa (Londra)"), ("eu-west-3", "Avrupa (Paris)"), ("eu-north-1", "Avrupa (Stockholm)"),
            ("eu-south-1", "Avrupa (Milano)"), ("eu-south-2", "Avrupa (İspanya)"),
            ("ap-northeast-1", "Asya Pasifik (Tokyo)"), ("ap-northeast-2", "Asya Pasifik (Seul)"),
            ("ap-northeast-3", "Asya Pasifik (Osaka)"), ("ap-southeast-1", "Asya Pasifik (Singapur)"),
            ("ap-southeast-2", "Asya Pasifik (Sidney)"), ("ap-southeast-3", "Asya Pasifik (Cakarta)"),
            ("ap-south-1", "Asya Pasifik (Mumbai)"), ("ap-east-1", "Asya Pasifik (Hong Kong)"),
            ("me-south-1", "Orta Doğu (Bahreyn)"), ("af-south-1", "Afrika (Cape Town)"),
        ],
    ]
}
