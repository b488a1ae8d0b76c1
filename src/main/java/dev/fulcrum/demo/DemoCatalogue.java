package dev.fulcrum.demo;

import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the demo shop sells and where its customers live: a small tea, ceramics and frozen-food catalogue (prices in
 * CNY), cities in several Chinese regions and a few abroad, and names in Chinese and English.
 */
final class DemoCatalogue {

    private DemoCatalogue() {}

    /**
     * An item with what sourcing needs: weight, temperature (frozen and chilled travel in the cold chain; frozen is
     * sold in mainland China only), whether it is hazardous, and the countries it must not be shipped to.
     */
    record Item(
            String sku,
            String name,
            BigDecimal priceCny,
            int weightGrams,
            String temperature,
            boolean hazardous,
            List<String> restrictedCountries,
            String category) {

        Item(String sku, String name, String priceCny, int weightGrams) {
            this(sku, name, priceCny, weightGrams, false, List.of());
        }

        Item(String sku, String name, String priceCny, int weightGrams, boolean hazardous, List<String> restricted) {
            this(
                    sku,
                    name,
                    new BigDecimal(priceCny),
                    weightGrams,
                    sku.startsWith("FRZ-") ? "frozen" : sku.startsWith("CHL-") ? "chilled" : "ambient",
                    hazardous,
                    restricted,
                    switch (sku.substring(0, 3)) {
                        case "TEA" -> "tea";
                        case "CER" -> "ceramics";
                        case "FRZ" -> "frozen-food";
                        case "CHL" -> "fresh-food";
                        case "SNK" -> "snacks";
                        default -> "accessories";
                    });
        }

        boolean frozen() {
            return temperature.equals("frozen");
        }
    }

    /** Countries outside mainland China the demo ships to: where hazardous goods may not go by air. */
    private static final List<String> ABROAD_COUNTRIES = List.of("US", "GB", "DE", "SG", "AU");

    /** A city with its region code, postal code, coordinates, currency and a few street names. */
    record City(
            String name,
            @Nullable String region,
            String postalCode,
            String country,
            String currency,
            double latitude,
            double longitude,
            List<String> streets) {}

    /** A name with the pieces its email address is made of. */
    record Person(String name, String emailLocalPart) {}

    static final List<Item> ITEMS = List.of(
            new Item("TEA-001", "西湖龙井 Longjing green tea 250g", "198.00", 320),
            new Item("TEA-002", "安溪铁观音 Tieguanyin oolong 250g", "128.00", 310),
            new Item("TEA-003", "云南普洱熟茶饼 Pu'er tea cake 357g", "268.00", 420),
            new Item("TEA-004", "武夷岩茶大红袍 Da Hong Pao 200g", "358.00", 280),
            new Item("TEA-005", "正山小种 Lapsang souchong 200g", "98.00", 260),
            new Item("TEA-006", "福鼎白牡丹 White peony tea 150g", "156.00", 220),
            new Item("TEA-007", "茉莉花茶 Jasmine tea 100g", "45.00", 150),
            new Item("TEA-008", "洞庭碧螺春 Biluochun 100g", "168.00", 160),
            new Item("CER-001", "景德镇青花茶杯 Blue-and-white cup", "68.00", 180),
            new Item("CER-002", "汝窑茶壶 Ru ware teapot", "328.00", 650),
            new Item("CER-003", "宜兴紫砂壶 Yixing clay teapot", "588.00", 560),
            new Item("CER-004", "龙泉青瓷盖碗 Celadon gaiwan", "158.00", 350),
            new Item("CER-005", "建盏 Jian tea bowl", "238.00", 300),
            new Item("CER-006", "德化白瓷公道杯 Dehua pitcher", "88.00", 260),
            new Item("CER-007", "陶瓷茶具六件套 Tea set, 6 pieces", "468.00", 2400),
            new Item("CER-008", "手绘瓷盘 Hand-painted plate", "128.00", 900),
            new Item("FRZ-001", "猪肉白菜水饺 Pork & cabbage dumplings 1kg", "39.90", 1050),
            new Item("FRZ-002", "三鲜水饺 Three-delicacy dumplings 1kg", "49.90", 1050),
            new Item("FRZ-003", "荠菜馄饨 Shepherd's purse wontons 500g", "29.90", 540),
            new Item("FRZ-004", "小笼包 Xiaolongbao, 24", "45.00", 800),
            new Item("FRZ-005", "虾饺 Har gow, 12", "52.00", 420),
            new Item("FRZ-006", "黑芝麻汤圆 Sesame tangyuan 500g", "19.90", 520),
            new Item("FRZ-007", "生煎包 Pan-fried buns, 20", "36.00", 900),
            new Item("CHL-001", "鲜花饼 Yunnan rose flower cakes, 6", "42.00", 360),
            new Item("CHL-002", "杨梅汁 Fresh bayberry juice 1L", "35.00", 1100),
            new Item("SNK-001", "凤梨酥 Pineapple cakes, 12", "68.00", 480),
            new Item("SNK-002", "绿豆糕 Mung bean cakes", "58.00", 400),
            // Meat products may not be imported into the United States or Australia.
            new Item("SNK-003", "云腿月饼 Yunnan ham mooncakes, 6", "88.00", 420, false, List.of("US", "AU")),
            new Item("SNK-004", "桂花糕 Osmanthus cakes", "38.00", 350),
            new Item("ACC-001", "竹制茶盘 Bamboo tea tray", "138.00", 1600),
            new Item("ACC-002", "马口铁茶叶罐 Tea caddy", "48.00", 200),
            new Item("ACC-003", "礼盒包装 Gift box", "10.00", 300),
            // Flammable: dangerous goods that only a hazmat-capable warehouse handles, and never sent abroad.
            new Item("ACC-004", "固体酒精 Solid fuel for tea warmers, 12", "36.00", 900, true, ABROAD_COUNTRIES),
            new Item("ACC-005", "丁烷气罐 Butane canister for a camping stove", "18.00", 380, true, ABROAD_COUNTRIES),
            new Item("ACC-006", "随手泡电水壶 Electric tea kettle", "299.00", 1400));

    static final List<City> CHINA = List.of(
            new City("上海", "SH", "200001", "CN", "CNY", 31.23, 121.47, List.of("人民路", "南京西路", "淮海中路", "世纪大道")),
            new City("北京", "BJ", "100010", "CN", "CNY", 39.90, 116.40, List.of("建国路", "中关村大街", "朝阳北路")),
            new City("广州", "GD", "510620", "CN", "CNY", 23.13, 113.26, List.of("天河路", "环市东路", "中山五路")),
            new City("深圳", "GD", "518031", "CN", "CNY", 22.54, 114.06, List.of("深南大道", "华强北路", "科技园路")),
            new City("杭州", "ZJ", "310006", "CN", "CNY", 30.27, 120.16, List.of("文三路", "延安路", "龙井路")),
            new City("成都", "SC", "610021", "CN", "CNY", 30.57, 104.07, List.of("春熙路", "人民南路", "天府大道")),
            new City("南京", "JS", "210005", "CN", "CNY", 32.06, 118.80, List.of("中山路", "汉中路")),
            new City("苏州", "JS", "215005", "CN", "CNY", 31.30, 120.62, List.of("观前街", "干将路")),
            new City("武汉", "HB", "430014", "CN", "CNY", 30.59, 114.31, List.of("解放大道", "中山大道")),
            new City("西安", "SN", "710003", "CN", "CNY", 34.34, 108.94, List.of("长安路", "东大街")));

    static final List<City> ABROAD = List.of(
            new City(
                    "New York", "NY", "10001", "US", "USD", 40.75, -73.99, List.of("W 34th St", "Broadway", "8th Ave")),
            new City("San Francisco", "CA", "94103", "US", "USD", 37.77, -122.41, List.of("Mission St", "Market St")),
            new City("London", null, "SW1A 1AA", "GB", "GBP", 51.50, -0.13, List.of("Baker Street", "Oxford Street")),
            new City("Berlin", "BE", "10115", "DE", "EUR", 52.53, 13.38, List.of("Invalidenstraße", "Torstraße")),
            new City(
                    "Singapore",
                    null,
                    "018956",
                    "SG",
                    "SGD",
                    1.28,
                    103.85,
                    List.of("Marina Boulevard", "Orchard Road")),
            new City("Sydney", "NSW", "2000", "AU", "AUD", -33.87, 151.21, List.of("George Street", "Pitt Street")));

    /** Rough CNY per unit of each foreign currency, for demo prices only. */
    static BigDecimal cnyPer(String currency) {
        return new BigDecimal(
                switch (currency) {
                    case "USD" -> "7.10";
                    case "GBP" -> "9.00";
                    case "EUR" -> "7.70";
                    case "SGD" -> "5.30";
                    case "AUD" -> "4.70";
                    default -> "1";
                });
    }

    static final List<String> SURNAMES = List.of(
            "王:wang", "李:li", "张:zhang", "刘:liu", "陈:chen", "杨:yang", "黄:huang", "赵:zhao", "吴:wu", "周:zhou", "徐:xu",
            "孙:sun", "马:ma", "朱:zhu", "胡:hu", "林:lin");
    static final List<String> GIVEN_NAMES = List.of(
            "芳:fang",
            "伟:wei",
            "娜:na",
            "敏:min",
            "静:jing",
            "磊:lei",
            "洋:yang",
            "艳:yan",
            "勇:yong",
            "军:jun",
            "杰:jie",
            "婷:ting",
            "欣怡:xinyi",
            "子涵:zihan",
            "浩然:haoran",
            "雨桐:yutong");
    static final List<String> FIRST_NAMES = List.of(
            "Emma",
            "Liam",
            "Olivia",
            "Noah",
            "Ava",
            "James",
            "Sophia",
            "Lucas",
            "Mia",
            "Oliver",
            "Charlotte",
            "Henry",
            "Grace",
            "Jack");
    static final List<String> LAST_NAMES = List.of(
            "Johnson",
            "Smith",
            "Brown",
            "Williams",
            "Jones",
            "Miller",
            "Davis",
            "Wilson",
            "Taylor",
            "Anderson",
            "Thomas",
            "Moore",
            "Clarke",
            "Walker");

    static final List<String> NOTES_CHINA =
            List.of("急用，请尽快发货", "送长辈，请包装好一些", "周末不收，请工作日配送", "送礼用，不要放发票", "请放快递柜", "急用！明天要", "送长辈的生日礼物");
    static final List<String> NOTES_ABROAD = List.of(
            "gift - please wrap it",
            "Urgent, needed by Friday",
            "Please leave with the concierge",
            "No deliveries on weekends",
            "It's a gift for my parents");
}
