#!/usr/bin/env python3
"""Writes the legacy-charset contact CSVs and account lists (issue 9, point 14).

Run once from this folder (`python3 generate-legacy-charsets.py`); the outputs are committed.
English Outlook on a Windows whose system code page is Japanese, Chinese, Korean, Russian, Greek,
Hebrew, Arabic or Turkish writes its CSV export in that ANSI code page (quoted cells, CRLF);
Thunderbird on older Unix desktops wrote the locale's charset (EUC-JP, KOI8-R). The names,
companies and addresses are made up but shaped like real ones; e-mail domains are example ones,
and a few addresses are internationalised (their local parts or domains are not ASCII).
"""
import os

OUTLOOK = ["First Name", "Last Name", "Company", "Job Title", "Business Street", "Business City",
           "Business Postal Code", "Business Country/Region", "E-mail Address", "E-mail 2 Address",
           "Mobile Phone", "Notes"]
THUNDERBIRD = ["First Name", "Last Name", "Display Name", "Primary Email", "Secondary Email",
               "Work City", "Work Address", "Organization", "Job Title", "Notes"]


def outlook(first, last, company, title, street, city, postcode, country, email, email2, mobile,
            notes):
    return [first, last, company, title, street, city, postcode, country, email, email2, mobile,
            notes]


def thunderbird(first, last, email, email2, city, street, org, title, notes):
    return [first, last, f"{first} {last}", email, email2, city, street, org, title, notes]


FILES = {
    "outlook-ja-shift_jis.csv": ("shift_jis", OUTLOOK, [
        outlook("太郎", "山田", "株式会社サンプル商事", "営業部長", "丸の内一丁目1番1号", "千代田区",
                "100-0005", "日本", "taro.yamada@example.jp", "山田太郎@例え.jp", "090-1234-5678",
                "年賀状を送る"),
        outlook("花子", "佐藤", "日本ソフト開発株式会社", "技術課長", "梅田三丁目2番", "大阪市北区",
                "530-0001", "日本", "hanako.sato@example.co.jp", "", "080-2345-6789",
                "表計算ソフトの担当"),
        outlook("健一", "鈴木", "みなと物流", "代表取締役", "山下町10番地", "横浜市中区", "231-0023",
                "日本", "kenichi.suzuki@example.ne.jp", "", "070-3456-7890", "ゴルフが好き"),
    ]),
    "thunderbird-ja-euc-jp.csv": ("euc_jp", THUNDERBIRD, [
        thunderbird("美咲", "高橋", "misaki.takahashi@example.jp", "", "名古屋市中村区",
                    "名駅四丁目7番1号", "中部電機株式会社", "設計担当", "展示会で名刺交換"),
        thunderbird("翔太", "伊藤", "shota.ito@example.jp", "翔太@例え.jp", "札幌市中央区",
                    "北一条西二丁目", "北海道食品", "購買部", "毎年十二月に発注"),
    ]),
    "outlook-zh-cn-gb18030.csv": ("gb18030", OUTLOOK, [
        outlook("伟", "张", "中国工商银行北京分行", "客户经理", "建国路88号", "北京市朝阳区", "100022",
                "中国", "zhang.wei@example.cn", "张伟@例子.中国", "138 0013 8000", "周一上午联系"),
        outlook("芳", "王", "上海华东电子有限公司", "采购主管", "世纪大道100号", "上海市浦东新区",
                "200120", "中国", "wang.fang@example.com.cn", "", "139 1234 5678", "喜欢喝龙井茶"),
        outlook("娜", "李", "广州天河科技园", "财务总监", "体育西路191号", "广州市天河区", "510620",
                "中国", "li.na@example.cn", "", "137 2222 3333", "春节前寄送礼品"),
    ]),
    "outlook-zh-tw-big5.csv": ("big5", OUTLOOK, [
        outlook("志明", "陳", "台灣積體電路製造股份有限公司", "業務經理", "市府路45號", "臺北市信義區",
                "110", "臺灣", "chen.zhiming@example.tw", "", "0912-345-678", "每季拜訪一次"),
        outlook("美玲", "林", "高雄港務物流", "會計主任", "中山二路2號", "高雄市前鎮區", "806", "臺灣",
                "lin.meiling@example.com.tw", "", "0933-222-111", "喜歡烏龍茶"),
        outlook("建國", "黃", "中部精密機械", "廠長", "台灣大道三段99號", "臺中市西屯區", "407", "臺灣",
                "huang.jianguo@example.tw", "", "0955-666-777", "週末不接電話"),
    ]),
    "outlook-ko-euc-kr.csv": ("euc_kr", OUTLOOK, [
        outlook("민수", "김", "삼성전자 주식회사", "영업부장", "테헤란로 152", "서울특별시 강남구",
                "06236", "대한민국", "minsu.kim@example.kr", "김민수@예시.한국", "010-1234-5678",
                "매월 첫째 주 월요일 회의"),
        outlook("영희", "이", "부산해운", "총무과장", "해운대로 570", "부산광역시 해운대구", "48120",
                "대한민국", "younghee.lee@example.co.kr", "", "010-2345-6789", "설날 선물 발송"),
        outlook("지훈", "박", "대구섬유산업", "대표이사", "달구벌대로 2450", "대구광역시 수성구",
                "42020", "대한민국", "jihoon.park@example.kr", "", "010-3456-7890", "골프 약속"),
    ]),
    "outlook-ru-1251.csv": ("cp1251", OUTLOOK, [
        outlook("Сергей", "Иванов", "ООО «Северный ветер»", "Директор по продажам",
                "ул. Тверская, д. 7", "Москва", "125009", "Россия", "s.ivanov@example.ru",
                "иван@пример.рф", "+7 916 123-45-67", "Звонить после обеда"),
        outlook("Анна", "Петрова", "АО «Невский завод»", "Главный бухгалтер",
                "Невский проспект, д. 28", "Санкт-Петербург", "191186", "Россия",
                "a.petrova@example.ru", "", "+7 921 765-43-21", "Поздравить с днём рождения"),
        outlook("Дмитрий", "Смирнов", "Сибирская логистика", "Инженер", "Красный проспект, д. 1",
                "Новосибирск", "630007", "Россия", "d.smirnov@example.ru", "", "+7 913 555-00-11",
                "Отдел закупок"),
    ]),
    "thunderbird-ru-koi8-r.csv": ("koi8_r", THUNDERBIRD, [
        thunderbird("Ольга", "Кузнецова", "olga@example.ru", "ольга@пример.рф", "Екатеринбург",
                    "ул. Ленина, д. 24", "Уральский металл", "Экономист", "Встреча в четверг"),
        thunderbird("Алексей", "Попов", "a.popov@example.ru", "", "Казань", "ул. Баумана, д. 9",
                    "Волжские сети", "Системный администратор", "Резервный телефон в заметках"),
    ]),
    "outlook-el-1253.csv": ("cp1253", OUTLOOK, [
        outlook("Γιώργος", "Παπαδόπουλος", "Ελληνικά Ναυπηγεία Α.Ε.", "Διευθυντής πωλήσεων",
                "Οδός Ερμού 12", "Αθήνα", "105 63", "Ελλάδα", "g.papadopoulos@example.gr", "",
                "+30 694 123 4567", "Άνοιξη: νέα παραγγελία"),
        outlook("Άννα", "Κωνσταντίνου", "Θεσσαλική Γεωργία", "Λογίστρια", "Λεωφόρος Νίκης 5",
                "Θεσσαλονίκη", "546 22", "Ελλάδα", "a.konstantinou@example.gr", "",
                "+30 697 765 4321", "Προτιμά τηλεφωνική επικοινωνία"),
        outlook("Δημήτρης", "Νικολάου", "Αχαϊκές Μεταφορές", "Μηχανικός", "Οδός Μαιζώνος 40",
                "Πάτρα", "262 21", "Ελλάδα", "d.nikolaou@example.gr", "", "+30 693 555 0101",
                "Άδεια τον Αύγουστο"),
    ]),
    "outlook-he-1255.csv": ("cp1255", OUTLOOK, [
        outlook("דוד", "כהן", "טכנולוגיות הצפון בע\"מ", "מנהל מכירות", "רחוב דיזנגוף 50",
                "תל אביב", "6433222", "ישראל", "david.cohen@example.co.il", "", "054-1234567",
                "להתקשר ביום ראשון"),
        outlook("שרה", "לוי", "ירושלים תוכנה", "רואת חשבון", "רחוב יפו 97", "ירושלים", "9434101",
                "ישראל", "sarah.levi@example.co.il", "", "052-7654321", "פגישה אחרי החגים"),
        outlook("יוסף", "מזרחי", "נמל חיפה שירותים", "מהנדס", "שדרות הנשיא 120", "חיפה", "3462201",
                "ישראל", "yosef.mizrahi@example.co.il", "", "050-5550101", "מחלקת רכש"),
    ]),
    "outlook-ar-1256.csv": ("cp1256", OUTLOOK, [
        outlook("محمد", "العلي", "شركة الخليج للتجارة", "مدير المبيعات", "شارع الملك فهد",
                "الرياض", "12271", "السعودية", "mohammed.alali@example.sa", "",
                "+966 50 123 4567", "الاتصال بعد صلاة الظهر"),
        outlook("فاطمة", "الزهراء", "النيل للاستشارات", "محاسبة", "شارع التحرير 15", "القاهرة",
                "11511", "مصر", "fatima.alzahraa@example.eg", "", "+20 100 765 4321",
                "اجتماع شهري"),
        outlook("أحمد", "حسن", "دبي للخدمات اللوجستية", "مهندس", "شارع الشيخ زايد", "دبي",
                "00000", "الإمارات", "ahmed.hassan@example.ae", "", "+971 50 555 0101",
                "قسم المشتريات"),
    ]),
    "outlook-tr-1254.csv": ("cp1254", OUTLOOK, [
        outlook("Ahmet", "Yılmaz", "Boğaziçi Lojistik A.Ş.", "Satış Müdürü",
                "Büyükdere Caddesi No: 185", "İstanbul", "34394", "Türkiye",
                "ahmet.yilmaz@example.com.tr", "", "+90 532 123 45 67", "Şubat ayında görüşülecek"),
        outlook("Ayşe", "Çelik", "Çankaya Yazılım Ltd. Şti.", "Muhasebe Şefi",
                "Atatürk Bulvarı No: 112", "Ankara", "06680", "Türkiye", "ayse.celik@example.com.tr",
                "", "+90 533 765 43 21", "Doğum günü: İlkbahar"),
        outlook("Mehmet", "Öztürk", "Ege Tekstil Sanayi", "Üretim Mühendisi", "Gönül Sokağı No: 3",
                "İzmir", "35540", "Türkiye", "mehmet.ozturk@example.com.tr", "", "+90 535 555 01 01",
                "Işık tasarımı projesi"),
    ]),
}


def cell(value):
    return '"' + value.replace('"', '""') + '"'


for name, (codec, header, rows) in FILES.items():
    lines = [",".join(cell(h) for h in header)]
    lines += [",".join(cell(v) for v in row) for row in rows]
    with open(name, "wb") as f:
        f.write(("\r\n".join(lines) + "\r\n").encode(codec))

# Account lists (`zmigrate accounts`): a Japanese one in Shift_JIS (ソ, 表 and 能 have 0x5C, the
# byte of `\`, as their second byte), and a Russian one in Windows-1251 with `;` separators.
accounts = {
    "../accounts/users-shift_jis.csv": ("shift_jis", [
        "email,password,displayName,givenName,sn",
        "taro.yamada@example.jp,Yamada-2024!,山田 太郎,太郎,山田",
        "sota.kimura@example.jp,Kimura#Pass9,木村 ソウタ,ソウタ,木村",
        "hyoko.ono@example.jp,Ono+Pass77,表 能子,能子,表",
        "kazuki.saito@example.jp,Saito=Pass5,斎藤 一樹,一樹,斎藤",
    ]),
    "../accounts/users-cp1251.csv": ("cp1251", [
        "email;password;displayName;givenName;sn",
        "s.ivanov@example.ru;Ivanov-2024!;Сергей Иванов;Сергей;Иванов",
        "a.petrova@example.ru;Petrova#Pass9;Анна Петрова;Анна;Петрова",
        "d.smirnov@example.ru;Smirnov+77;Дмитрий Смирнов;Дмитрий;Смирнов",
    ]),
}
for name, (codec, lines) in accounts.items():
    with open(os.path.join(os.path.dirname(__file__) or ".", name), "wb") as f:
        f.write(("\r\n".join(lines) + "\r\n").encode(codec))

# vCard 2.1 without CHARSET: Japanese feature phones (docomo/au "address book backup") write Shift_JIS
# with the reading in SOUND;X-IRMC-N; Russian Outlook Express 6 wrote Windows-1251.
vcards = {
    "v21-shift_jis-no-charset.vcf": ("shift_jis", [
        "BEGIN:VCARD", "VERSION:2.1",
        "N:山田;太郎;;;", "SOUND;X-IRMC-N:ﾔﾏﾀﾞ;ﾀﾛｳ;;;", "FN:山田 太郎",
        "TEL;CELL:09012345678", "TEL;HOME:0312345678",
        "EMAIL;INTERNET:taro.yamada@example.ne.jp",
        "ADR;HOME:;;丸の内一丁目1番1号;千代田区;東京都;100-0005;日本",
        "NOTE:ソフトボール部の先輩", "X-GNO:1", "X-GN:友人",
        "END:VCARD",
        "BEGIN:VCARD", "VERSION:2.1",
        "N:佐藤;花子;;;", "SOUND;X-IRMC-N:ｻﾄｳ;ﾊﾅｺ;;;", "FN:佐藤 花子",
        "TEL;CELL:08023456789", "EMAIL;INTERNET:hanako@example.co.jp",
        "ORG:日本ソフト開発株式会社;技術部", "TITLE:課長",
        "END:VCARD",
    ]),
    "v21-cp1251-no-charset.vcf": ("cp1251", [
        "BEGIN:VCARD", "VERSION:2.1",
        "N:Иванов;Сергей", "FN:Сергей Иванов", "ORG:ООО «Северный ветер»;Отдел продаж",
        "TITLE:Директор по продажам", "TEL;WORK;VOICE:+7 495 123-45-67",
        "ADR;WORK;ENCODING=QUOTED-PRINTABLE:;;" + "".join(
            f"={b:02X}" for b in "ул. Тверская 7".encode("cp1251")) + ";Москва;;125009;Россия",
        "EMAIL;PREF;INTERNET:s.ivanov@example.ru",
        "REV:20080424T195243Z",
        "END:VCARD",
    ]),
}
for name, (codec, lines) in vcards.items():
    with open(name, "wb") as f:
        f.write(("\r\n".join(lines) + "\r\n").encode(codec))
