package dev.fulcrum.demo;

import dev.fulcrum.demo.DemoCatalogue.Item;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The demo shop's fulfilment network: warehouses, stores and a drop-ship supplier across China with their stock,
 * the carrier services with their rate cards, and the sourcing profile that routes between them. Stock is set so
 * that orders split (ceramics ship from the kilns at Jingdezhen, dangerous goods only from Guangzhou, frozen food
 * only from the cold hubs) and some run short (a rare tea, a hand-made teapot, seasonal mooncakes).
 */
final class DemoNetwork {

    private DemoNetwork() {}

    /** A location as the inventory API takes it, with the SKUs it stocks and how many of each. */
    record Site(
            String id,
            String name,
            String type,
            double latitude,
            double longitude,
            String region,
            String postalCode,
            List<String> capabilities,
            int dailyOrderCapacity,
            String handlingCostPerOrder,
            int processingHours,
            String cutoffTime,
            List<String> workingDays,
            Predicate<Item> stocks,
            int unitsEach) {}

    private static final List<String> WEEKDAYS = List.of("MON", "TUE", "WED", "THU", "FRI");
    private static final List<String> MON_TO_SAT = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final List<String> EVERY_DAY = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");

    private static Predicate<Item> category(String... categories) {
        List<String> wanted = List.of(categories);
        return item -> wanted.contains(item.category()) && !item.hazardous();
    }

    private static Predicate<Item> skus(String... skus) {
        List<String> wanted = List.of(skus);
        return item -> wanted.contains(item.sku());
    }

    static final List<Site> SITES = List.of(
            new Site(
                    "WH-SH",
                    "上海嘉定中心仓 Shanghai Jiading DC",
                    "warehouse",
                    31.3747,
                    121.2650,
                    "SH",
                    "201800",
                    List.of("chilled", "frozen"),
                    400,
                    "2.00",
                    4,
                    "16:00",
                    MON_TO_SAT,
                    category("tea", "frozen-food", "fresh-food", "snacks", "accessories")
                            .or(skus("CER-001", "CER-006")),
                    80),
            new Site(
                    "WH-BJ",
                    "北京顺义仓 Beijing Shunyi DC",
                    "warehouse",
                    40.1300,
                    116.6540,
                    "BJ",
                    "101300",
                    List.of("chilled"),
                    250,
                    "2.20",
                    6,
                    "15:00",
                    WEEKDAYS,
                    category("tea", "fresh-food", "snacks", "accessories"),
                    50),
            new Site(
                    "WH-GZ",
                    "广州白云仓 Guangzhou Baiyun DC",
                    "warehouse",
                    23.3924,
                    113.2988,
                    "GD",
                    "510400",
                    List.of("chilled", "frozen", "hazardous"),
                    300,
                    "1.80",
                    4,
                    "17:00",
                    MON_TO_SAT,
                    category("tea", "frozen-food", "fresh-food", "snacks", "accessories")
                            .or(Item::hazardous),
                    60),
            new Site(
                    "WH-CD",
                    "成都双流仓 Chengdu Shuangliu DC",
                    "warehouse",
                    30.5785,
                    103.9471,
                    "SC",
                    "610200",
                    List.of(),
                    150,
                    "1.60",
                    8,
                    "14:00",
                    WEEKDAYS,
                    category("tea", "snacks", "accessories"),
                    40),
            new Site(
                    "WH-WH",
                    "武汉东西湖仓 Wuhan Dongxihu DC",
                    "warehouse",
                    30.6190,
                    114.1370,
                    "HB",
                    "430040",
                    List.of("chilled"),
                    200,
                    "1.70",
                    6,
                    "16:00",
                    MON_TO_SAT,
                    category("tea", "snacks", "fresh-food", "accessories").or(skus("CER-001", "CER-004", "CER-006")),
                    40),
            new Site(
                    "SUP-JDZ",
                    "景德镇瓷器直发 Jingdezhen kilns (drop-ship)",
                    "supplier",
                    29.2690,
                    117.1780,
                    "JX",
                    "333000",
                    List.of(),
                    120,
                    "6.00",
                    24,
                    "12:00",
                    WEEKDAYS,
                    category("ceramics"),
                    30),
            new Site(
                    "ST-SH-01",
                    "上海南京西路旗舰店 Nanjing Road West store",
                    "store",
                    31.2286,
                    121.4590,
                    "SH",
                    "200041",
                    List.of("pickup"),
                    20,
                    "3.50",
                    1,
                    "19:00",
                    EVERY_DAY,
                    category("tea", "snacks").or(skus("CER-001", "CER-002", "CER-004")),
                    8),
            new Site(
                    "ST-HZ-01",
                    "杭州西湖店 West Lake store",
                    "store",
                    30.2590,
                    120.1580,
                    "ZJ",
                    "310006",
                    List.of("pickup"),
                    15,
                    "3.50",
                    1,
                    "19:00",
                    EVERY_DAY,
                    category("tea"),
                    8),
            new Site(
                    "ST-BJ-01",
                    "北京三里屯店 Sanlitun store",
                    "store",
                    39.9360,
                    116.4540,
                    "BJ",
                    "100027",
                    List.of("pickup"),
                    15,
                    "3.80",
                    1,
                    "19:00",
                    EVERY_DAY,
                    category("tea", "snacks"),
                    6),
            new Site(
                    "ST-GZ-01",
                    "广州天河店 Tianhe store",
                    "store",
                    23.1320,
                    113.3270,
                    "GD",
                    "510620",
                    List.of("pickup", "chilled"),
                    15,
                    "3.20",
                    1,
                    "19:00",
                    EVERY_DAY,
                    category("tea", "snacks", "fresh-food"),
                    6));

    /** Scarce stock that makes the demo's later orders run short: SKU to location to units. */
    static final Map<String, Map<String, Integer>> SCARCE = Map.of(
            "TEA-004", Map.of("WH-BJ", 6),
            "CER-003", Map.of("SUP-JDZ", 4),
            "SNK-003", Map.of("WH-SH", 5, "WH-GZ", 3),
            "ACC-005", Map.of("WH-GZ", 6));

    /** The stock snapshot of a site: every SKU it stocks, scarce ones as listed (and nowhere else). */
    static Map<String, Integer> stockOf(Site site) {
        Map<String, Integer> stock = new LinkedHashMap<>();
        for (Item item : DemoCatalogue.ITEMS) {
            Map<String, Integer> scarce = SCARCE.get(item.sku());
            if (scarce != null) {
                if (scarce.containsKey(site.id())) {
                    stock.put(item.sku(), scarce.get(site.id()));
                }
            } else if (site.stocks().test(item)) {
                // Cheap items are stocked deeper than dear ones, as a buyer would.
                int depth = item.priceCny().intValue() > 300 ? site.unitsEach() / 2 : site.unitsEach();
                stock.put(item.sku(), Math.max(2, depth));
            }
        }
        return stock;
    }

    /**
     * Days a site does not ship: the Chinese public holidays of 2027 for warehouses and the supplier, and for the
     * Chengdu warehouse also tomorrow (a stocktake), so that the promise dates of the demo visibly move around it.
     */
    static List<LocalDate> holidays(Site site, LocalDate today) {
        List<LocalDate> holidays = new ArrayList<>();
        if (site.type().equals("store")) {
            holidays.add(LocalDate.of(2027, 2, 6));
            return holidays;
        }
        holidays.add(LocalDate.of(2027, 1, 1));
        for (LocalDate day = LocalDate.of(2027, 2, 6); !day.isAfter(LocalDate.of(2027, 2, 12)); day = day.plusDays(1)) {
            holidays.add(day);
        }
        holidays.add(LocalDate.of(2027, 4, 5));
        for (LocalDate day = LocalDate.of(2027, 5, 1); !day.isAfter(LocalDate.of(2027, 5, 5)); day = day.plusDays(1)) {
            holidays.add(day);
        }
        if (site.id().equals("WH-CD")) {
            holidays.add(today.plusDays(1));
        }
        return holidays;
    }

    /** A carrier service and its rate card rows (CSV without the header). */
    record CarrierService(
            String code,
            String carrier,
            String serviceLevel,
            String mode,
            boolean temperatureControlled,
            String rates) {}

    static final String RATE_HEADER = "origin,destCountry,destRegion,destPostalPrefix,minKg,maxKg,ratePerKg,"
            + "minimumCharge,transitDaysTypical,transitDaysP90,emissionFactor";

    static final List<CarrierService> CARRIERS = List.of(
            new CarrierService("SF-EXPRESS", "SF", "express", "air", false, """
                    *,CN,,,0,30,3.20,20,1,2,
                    *,CN,,,30,100,2.60,90,2,3,
                    """),
            new CarrierService("SF-COLD", "SF", "cold-chain", "road", true, """
                    *,CN,,,0,30,4.50,28,2,3,
                    WH-SH,CN,SH,,0,30,3.00,18,1,1,
                    WH-SH,CN,ZJ,,0,30,3.20,20,1,2,
                    WH-SH,CN,JS,,0,30,3.20,20,1,2,
                    WH-GZ,CN,GD,,0,30,3.00,18,1,1,
                    """),
            new CarrierService("JD-STANDARD", "JD", "standard", "road", false, """
                    *,CN,,,0,50,1.60,12,2,3,
                    WH-SH,CN,SH,,0,50,0.90,8,1,1,
                    WH-SH,CN,ZJ,,0,50,1.00,9,1,2,
                    WH-SH,CN,JS,,0,50,1.00,9,1,2,
                    WH-BJ,CN,BJ,,0,50,0.90,8,1,1,
                    WH-GZ,CN,GD,,0,50,0.90,8,1,1,
                    WH-CD,CN,SC,,0,50,0.90,8,1,1,
                    WH-WH,CN,HB,,0,50,0.90,8,1,1,
                    """),
            new CarrierService("ZTO-ECONOMY", "ZTO", "economy", "road", false, """
                    *,CN,,,0,50,0.80,6,3,5,
                    """),
            new CarrierService("SS-SAMEDAY", "闪送", "same-day", "courier", false, """
                    ST-SH-01,CN,SH,,0,10,2.00,25,1,1,
                    ST-HZ-01,CN,ZJ,,0,10,2.00,25,1,1,
                    ST-BJ-01,CN,BJ,,0,10,2.00,25,1,1,
                    ST-GZ-01,CN,GD,,0,10,2.00,25,1,1,
                    """),
            new CarrierService("DHL-EXPRESS", "DHL", "express", "air", false, """
                    *,US,,,0,30,62.00,160,4,6,
                    *,GB,,,0,30,58.00,150,4,6,
                    *,DE,,,0,30,56.00,150,4,6,
                    *,SG,,,0,30,32.00,90,2,4,
                    *,AU,,,0,30,48.00,130,4,6,
                    """));

    /**
     * The demo's sourcing profile: urgent orders ship fast, from a store in the customer's region when one has the
     * goods; orders abroad go the cheapest way from a warehouse; VIPs get speed; everything else is balanced, up to
     * three parcels so that ceramics can come straight from the kilns.
     */
    static final String PROFILE = """
            {"description": "Demo shop: urgent orders fast from the region, abroad cheapest, VIPs fast, else balanced",
             "strategies": [
               {"name": "urgent", "when": "'urgent' in order.tags", "objective": "speed-first", "maxShipments": 2,
                "locationTypes": ["warehouse", "store", "supplier"],
                "locationFilter": "location.type != 'store' || location.region == order.shippingAddress.region"},
               {"name": "abroad", "when": "order.shippingAddress.country != 'CN'", "objective": "cost-first",
                "maxShipments": 2, "locationTypes": ["warehouse", "supplier"]},
               {"name": "vip", "when": "'vip' in order.tags", "objective": "speed-first", "maxShipments": 3,
                "locationTypes": ["warehouse", "supplier"]},
               {"name": "default", "objective": "custom",
                "weights": {"cost": 0.5, "time": 0.3, "carbon": 0.2, "shipments": 0.1, "load": 0.05},
                "maxShipments": 3, "locationTypes": ["warehouse", "supplier"]}],
             "fallback": "backorder"}""";

    /** A JSONata mapping from a Tmall-style order document to Fulcrum's order, for the generic connection. */
    static final String TMALL_MAPPING = """
            {
              "externalId": $string(tid),
              "currency": "CNY",
              "placedAt": created,
              "customer": {"id": buyer_nick, "name": receiver_name, "phone": receiver_mobile},
              "shippingAddress": {"name": receiver_name, "phone": receiver_mobile, "line1": receiver_address,
                "city": receiver_city, "region": receiver_state, "postalCode": receiver_zip, "country": "CN"},
              "lines": orders.{"sku": outer_sku_id, "quantity": num, "unitPrice": price},
              "payment": {"status": status = "WAIT_SELLER_SEND_GOODS" ? "captured" : "pending", "method": "alipay"},
              "notes": buyer_message,
              "tags": ["tmall"]
            }""";

    /** Tmall-style documents the generic connection receives during the load, so that its intake has history. */
    static List<String> tmallDocuments(java.time.Instant now) {
        List<String> documents = new ArrayList<>();
        String[][] buyers = {
            {"tb_lihua88", "李华", "138 1234 5678", "浦东新区世纪大道 100 号", "上海", "SH", "200120", "TEA-001", "2"},
            {"tb_chenjing", "陈静", "139 2345 6789", "天河区天河路 208 号", "广州", "GD", "510620", "FRZ-002", "3"},
            {"tb_wangwei", "王伟", "137 3456 7890", "朝阳区建国路 88 号", "北京", "BJ", "100022", "CER-003", "1"}
        };
        for (int i = 0; i < buyers.length; i++) {
            String[] b = buyers[i];
            documents.add("""
                    {"tid": %d, "created": "%s", "status": "WAIT_SELLER_SEND_GOODS", "buyer_nick": "%s",
                     "receiver_name": "%s", "receiver_mobile": "+86 %s", "receiver_address": "%s",
                     "receiver_city": "%s", "receiver_state": "%s", "receiver_zip": "%s", "buyer_message": null,
                     "orders": [{"outer_sku_id": "%s", "num": %s, "price": "%s"},
                                {"outer_sku_id": "ACC-003", "num": 1, "price": "10.00"}]}""".formatted(
                            4_300_000_000_000_000L + i,
                            now.minusSeconds(3600L * (i + 1)),
                            b[0],
                            b[1],
                            b[2],
                            b[3],
                            b[4],
                            b[5],
                            b[6],
                            b[7],
                            b[8],
                            DemoCatalogue.ITEMS.stream()
                                    .filter(item -> item.sku().equals(b[7]))
                                    .findFirst()
                                    .orElseThrow()
                                    .priceCny()));
        }
        return documents;
    }
}
