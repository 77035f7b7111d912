#!/usr/bin/env python3
"""Generates the department-comparison benchmark: N households (JSON Lines, 1-4 members each,
with id numbers) and 8 rosters of N rows each (CSV with Chinese headers): dibao, tekun,
medical_insured, medical_cost, school, disability, pension_insured, exclusion. About 90% of
roster rows name a member; the rest are strangers. Deterministic (seeded)."""

import argparse
import os
import random

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(birth: str, seq: int) -> str:
    body = f"450205{birth}{seq % 1000:03d}"
    return body + "10X98765432"[sum(int(a) * b for a, b in zip(body, W)) % 11]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--out", default="target/bench-reconcile")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(15)
    people = []  # (id_number, birth year)
    seq = 0
    with open(os.path.join(args.out, "households.jsonl"), "w", encoding="utf-8") as f:
        for h in range(args.n):
            members = []
            for i in range(rng.randint(1, 4)):
                year = rng.randint(1940, 2016)
                birth = f"{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
                seq += 1
                n = id_number(birth, seq)
                people.append((n, year))
                school = ',"schooling":{"status":"enrolled","stage":"primary"}' if 2007 < year < 2016 else ""
                members.append(
                    f'{{"id":"P{i + 1}","birth_date":"{birth[:4]}-{birth[4:6]}-{birth[6:]}",'
                    f'"labor_capacity":"full","medical_insured":true,"pension_insured":{str(rng.random() < 0.6).lower()},'
                    f'"id_number":"{n}"{school}}}'
                )
            wages = rng.choice(["3000", "8000", "20000", "45000"])
            dibao = ',"dibao":{"since":"2021-01-01","current_monthly_benefit":"300"}' if rng.random() < 0.05 else ""
            f.write(
                f'{{"id":"HH-{h:07d}","poverty_alleviated":{str(rng.random() < 0.3).lower()},'
                f'"members":[{",".join(members)}],"income":{{"wages":"{wages}"}}{dibao}}}\n'
            )

    def roster(name: str, header: str, row) -> None:
        with open(os.path.join(args.out, name + ".csv"), "w", encoding="utf-8") as f:
            f.write(header + "\n")
            for k in range(args.n):
                if rng.random() < 0.9:
                    n, year = people[rng.randrange(len(people))]
                else:
                    n, year = id_number("19700101", 900 + k % 100), 1970
                f.write(row(n, year) + "\n")

    roster("dibao", "身份证号码,户月保障金(元),享受日期", lambda n, y: f"{n},300.00,2021-01-01")
    roster("tekun", "公民身份号码,姓名", lambda n, y: f"{n},某")
    roster("medical_insured", "证件号码,参保年度", lambda n, y: f"{n},2021")
    roster("medical_cost", "身份证号,个人自付(元)", lambda n, y: f"{n},{rng.randint(100, 8000)}.00")
    roster("school", "身份证件号码,学籍状态", lambda n, y: f"{n},{rng.choice(['在校', '在校', '辍学'])}")
    roster("disability", "身份证号码,残疾类别,残疾等级", lambda n, y: f"{n},肢体残疾,{rng.choice(['一级', '二级', '三级', '四级'])}")
    roster("pension_insured", "社会保障号码,姓名", lambda n, y: f"{n},某")
    roster("exclusion", "身份证号码,比对类型", lambda n, y: f"{n},{rng.choice(['车辆', '商品房', '工商登记'])}")
    print(f"{args.n} households, {len(people)} members, 8 rosters of {args.n} rows in {args.out}")


if __name__ == "__main__":
    main()
