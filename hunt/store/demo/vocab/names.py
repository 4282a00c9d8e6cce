"""People and organisation vocabulary (invented company, common given names and surnames)."""

GIVEN_NAMES = """
James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard
Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy Matthew Betty
Anthony Sandra Mark Margaret Donald Ashley Steven Kimberly Andrew Emily Paul Donna Joshua
Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah Timothy Stephanie Ronald
Rebecca Jason Laura Edward Sharon Jeffrey Cynthia Ryan Kathleen Jacob Amy Gary Angela Nicholas
Shirley Eric Anna Jonathan Brenda Stephen Pamela Larry Emma Justin Nicole Scott Helen Brandon
Samantha Benjamin Katherine Samuel Christine Gregory Debra Alexander Rachel Frank Carolyn
Patrick Janet Raymond Maria Jack Olivia Dennis Heather Jerry Diane Tyler Julie Aaron Joyce
Jose Victoria Adam Ruth Nathan Virginia Henry Lauren Zachary Kelly Douglas Christina Peter
Joan Kyle Evelyn Noah Judith Ethan Andrea Jeremy Hannah Walter Megan Christian Cheryl Keith
Jacqueline Roger Martha Terry Madison Austin Teresa Sean Gloria Gerald Sara Carl Janice Harold
Ann Dylan Kathryn Arthur Abigail Lawrence Sophia Jordan Frances Jesse Jean Bryan Alice Billy
Judy Bruce Isabella Gabriel Julia Joe Grace Logan Amber Alan Denise Juan Danielle Albert Marilyn
Willie Beverly Elijah Charlotte Wayne Natalie Randy Theresa Vincent Diana Mason Brittany Roy
Doris Ralph Kayla Bobby Alexis Russell Lori Bradley Marie Philip Tiffany Eugene Priya Arjun Mei
Wei Hiroshi Yuki Sofia Mateo Lucas Chloe Leon Mila Omar Fatima Ahmed Aisha Lars Ingrid Sven
Astrid Pierre Camille Luca Giulia Hugo Elena Pablo Lucia Tomasz Zofia Jan Anneke Ravi Ananya
""".split()

SURNAMES = """
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez
Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris
Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill
Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips
Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers
Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson
Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders
Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler
Henderson Barnes Gonzales Fisher Vasquez Simmons Romero Jordan Patterson Alexander Hamilton
Graham Reynolds Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina
Aguilar Stevens Murray Ford Castro Marshall Owens Harrison Fernandez McDonald Woods Washington
Kennedy Wells Vargas Henry Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson Porter
Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black
Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson
Nichols Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce
Hansen Larsen Berg Nakamura Tanaka Suzuki Wang Zhang Liu Kumar Sharma Singh Khan Novak Kowalski
Dubois Moreau Rossi Russo Muller Schneider Fischer Weber Jansen Visser Andersson Johansson
""".split()

# Departments with typical job titles and relative head-count weights.
DEPARTMENTS = [
    ("Sales", 14, ["Account Executive", "Sales Manager", "Sales Representative",
                   "Regional Sales Director", "Sales Operations Analyst"]),
    ("Finance", 8, ["Financial Analyst", "Accountant", "Controller", "Payroll Specialist",
                    "Accounts Payable Clerk", "Chief Financial Officer"]),
    ("Human Resources", 5, ["HR Generalist", "Recruiter", "HR Business Partner",
                            "Talent Acquisition Lead"]),
    ("Engineering", 16, ["Software Engineer", "Senior Software Engineer", "DevOps Engineer",
                         "QA Engineer", "Engineering Manager", "Data Engineer"]),
    ("IT", 6, ["Systems Administrator", "Service Desk Analyst", "Network Engineer",
               "IT Manager", "Cloud Architect"]),
    ("Security", 2, ["Security Analyst", "Security Engineer", "CISO"]),
    ("Marketing", 7, ["Marketing Manager", "Content Strategist", "Product Marketing Manager",
                      "Graphic Designer"]),
    ("Operations", 12, ["Operations Manager", "Logistics Coordinator", "Supply Chain Analyst",
                        "Warehouse Supervisor", "Dispatcher"]),
    ("Customer Support", 10, ["Support Specialist", "Customer Success Manager",
                              "Support Team Lead"]),
    ("Legal", 2, ["Legal Counsel", "Paralegal", "Compliance Officer"]),
    ("Executive", 1, ["Chief Executive Officer", "Chief Operating Officer",
                      "Executive Assistant"]),
    ("Procurement", 3, ["Buyer", "Procurement Manager", "Vendor Manager"]),
]

# Invented organisations: (display name, primary mail domain, NetBIOS name, AD DNS suffix)
ORGANISATIONS = [
    ("Harborview Logistics", "harborviewlogistics.com", "HARBORVIEW", "corp.harborviewlogistics.com"),
    ("Quillfeather Analytics", "quillfeather.io", "QUILLFEATHER", "ad.quillfeather.io"),
    ("Brightmoor Manufacturing", "brightmoor-mfg.com", "BRIGHTMOOR", "corp.brightmoor-mfg.com"),
    ("Ashgrove Health Partners", "ashgrovehealth.org", "ASHGROVE", "ad.ashgrovehealth.org"),
    ("Kestrel Ridge Capital", "kestrelridge.com", "KESTREL", "corp.kestrelridge.com"),
    ("Larkspur Energy", "larkspur-energy.com", "LARKSPUR", "int.larkspur-energy.com"),
]

# Offices: (site code, city, state, country name, ISO code, UTC offset hours, lat, lon)
SITES = [
    ("HQ", "Seattle", "Washington", "United States", "US", -8, "47.6062", "-122.3321"),
    ("CHI", "Chicago", "Illinois", "United States", "US", -6, "41.8781", "-87.6298"),
    ("NYC", "New York", "New York", "United States", "US", -5, "40.7128", "-74.0060"),
    ("LON", "London", "England", "United Kingdom", "GB", 0, "51.5074", "-0.1278"),
    ("AMS", "Amsterdam", "North Holland", "Netherlands", "NL", 1, "52.3676", "4.9041"),
    ("BLR", "Bengaluru", "Karnataka", "India", "IN", 5, "12.9716", "77.5946"),
]

# Places people sign in from when travelling or at home (city, state, country, ISO, lat, lon)
HOME_PLACES = [
    ("Bellevue", "Washington", "United States", "US", "47.6101", "-122.2015"),
    ("Redmond", "Washington", "United States", "US", "47.6740", "-122.1215"),
    ("Tacoma", "Washington", "United States", "US", "47.2529", "-122.4443"),
    ("Evanston", "Illinois", "United States", "US", "42.0451", "-87.6877"),
    ("Jersey City", "New Jersey", "United States", "US", "40.7178", "-74.0431"),
    ("Brooklyn", "New York", "United States", "US", "40.6782", "-73.9442"),
    ("Reading", "England", "United Kingdom", "GB", "51.4543", "-0.9781"),
    ("Utrecht", "Utrecht", "Netherlands", "NL", "52.0907", "5.1214"),
    ("Mysuru", "Karnataka", "India", "IN", "12.2958", "76.6394"),
    ("Portland", "Oregon", "United States", "US", "45.5152", "-122.6784"),
]

# Countries an attacker or an anonymiser shows up from (city, state, country, ISO, lat, lon)
FOREIGN_PLACES = [
    ("Lagos", "Lagos", "Nigeria", "NG", "6.5244", "3.3792"),
    ("Bucharest", "Bucharest", "Romania", "RO", "44.4268", "26.1025"),
    ("Ho Chi Minh City", "Ho Chi Minh", "Vietnam", "VN", "10.8231", "106.6297"),
    ("Sao Paulo", "Sao Paulo", "Brazil", "BR", "-23.5505", "-46.6333"),
    ("Jakarta", "Jakarta", "Indonesia", "ID", "-6.2088", "106.8456"),
    ("Kyiv", "Kyiv", "Ukraine", "UA", "50.4501", "30.5234"),
]

ISPS_HOME = ["Comcast Cable", "Verizon Fios", "AT&T Internet", "Charter Communications",
             "British Telecommunications", "Virgin Media", "KPN B.V.", "Ziggo",
             "Bharti Airtel", "Reliance Jio", "T-Mobile USA"]
ISPS_HOSTING = ["DigitalOcean LLC", "OVH SAS", "M247 Europe SRL", "Hetzner Online GmbH",
                "Choopa LLC", "Linode LLC", "Contabo GmbH", "FranTech Solutions"]

AD_GROUPS = ["Domain Users", "All Staff", "VPN Users", "Remote Desktop Users", "Print Users",
             "SharePoint Members", "Teams Users", "MFA Enforced"]
ADMIN_GROUPS = ["Domain Admins", "Server Operators", "Backup Operators", "Account Operators",
                "Enterprise Admins", "Schema Admins", "DnsAdmins", "Group Policy Creator Owners"]
ENTRA_ROLES = ["Global Administrator", "Security Administrator", "Exchange Administrator",
               "SharePoint Administrator", "User Administrator", "Helpdesk Administrator",
               "Security Reader", "Global Reader", "Application Administrator",
               "Cloud Application Administrator", "Privileged Role Administrator",
               "Intune Administrator", "Teams Administrator", "Billing Administrator"]

SERVICE_ACCOUNTS = ["svc_backup", "svc_sql", "svc_sccm", "svc_scan", "svc_web", "svc_adsync",
                    "svc_print", "svc_monitor", "svc_deploy", "svc_exchange", "svc_veeam",
                    "svc_jenkins"]
