#!/usr/bin/env python3
"""Generates the department-comparison benchmark: N households (JSON Lines, 1-4 members each,
with id numbers) and 8 rosters of N rows each (CSV with Chinese headers): dibao, tekun,
medical_insured, medical_cost, school, disability, pension_insured, exclusion.

The households' declarations agree with the rosters except for about 1% of people (as a real
district's would), so the warning list has the size of a real one; exclusion rows are mostly
people outside the district, medical_cost rows are settlements (several per person, summed).
Deterministic (seeded)."""

import argparse
import os
import random

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(birth: str, seq: int) -> str:
    # The region digits move on every 1000 people, so every number is distinct.
    body = f"{400000 + seq // 1000:06d}{birth}{seq % 1000:03d}"
    return body + "10X98765432"[sum(int(a) * b for a, b in zip(body, W, strict=True)) % 11]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--out", default="target/bench-reconcile")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(15)
    n = args.n
    # People: (household, id number, birth "YYYYMMDD").
    households = []
    people = []
    for h in range(n):
        members = []
        for _ in range(rng.randint(1, 4)):
            year = rng.randint(1940, 2016)
            birth = f"{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            members.append(len(people))
            people.append((h, id_number(birth, len(people)), birth))
        households.append(members)
    p = len(people)

    def sample(k: int) -> list[int]:
        return rng.sample(range(p), min(k, p))

    def flip(flag: bool) -> bool:
        return (not flag) if rng.random() < 0.01 else flag

    insured = set(sample(n))
    pension = set(sample(n))
    tekun = set(sample(n))
    disability = {i: rng.randint(1, 4) for i in sample(n)}
    kids = [i for i, (_, _, b) in enumerate(people) if 2007 <= int(b[:4]) <= 2014]
    dropouts = {i for i in kids if rng.random() < 0.01}
    dibao_households, rows = set(), 0
    for h in rng.sample(range(n), n):
        if rows >= n:
            break
        dibao_households.add(h)
        rows += len(households[h])

    with open(os.path.join(args.out, "households.jsonl"), "w", encoding="utf-8") as f:
        for h, members in enumerate(households):
            out = []
            for k, i in enumerate(members):
                _, number, b = people[i]
                school = ""
                if 2007 <= int(b[:4]) <= 2014:
                    school = ',"schooling":{"status":"enrolled","stage":"primary"}'
                dis = ""
                grade = disability.get(i)
                if grade and rng.random() > 0.01:
                    dis = f',"disability":{{"grade":{grade},"category":"physical"}}'
                out.append(
                    f'{{"id":"P{k + 1}","birth_date":"{b[:4]}-{b[4:6]}-{b[6:]}",'
                    f'"labor_capacity":"full","medical_insured":{str(flip(i in insured)).lower()},'
                    f'"pension_insured":{str(flip(i in pension)).lower()},'
                    f'"tekun":{str(flip(i in tekun)).lower()},'
                    f'"id_number":"{number}"{school}{dis}}}'
                )
            on_dibao = flip(h in dibao_households)
            dibao = ',"dibao":{"since":"2021-01-01","current_monthly_benefit":"300"}' if on_dibao else ""
            wages = rng.choice(["3000", "8000", "20000", "45000"])
            f.write(
                f'{{"id":"HH-{h:07d}","poverty_alleviated":{str(rng.random() < 0.3).lower()},'
                f'"members":[{",".join(out)}],"income":{{"wages":"{wages}"}}{dibao}}}\n'
            )

    def write(name: str, header: str, lines) -> None:
        with open(os.path.join(args.out, name + ".csv"), "w", encoding="utf-8") as f:
            f.write(header + "\n")
            count = 0
            for line in lines:
                f.write(line + "\n")
                count += 1
            assert count >= n or count == p, (name, count)

    def stranger(k: int) -> str:
        return id_number("19700101", 100_000_000 + k)

    def listed(chosen, row):
        for k, i in enumerate(chosen):
            yield row(people[i][1], i) if rng.random() > 0.001 else row(stranger(k), i)

    dibao_people = [i for h in sorted(dibao_households) for i in households[h]][:n]
    write(
        "dibao",
        "身份证号码,户月保障金(元),享受日期",
        listed(dibao_people, lambda x, i: f"{x},300.00,2021-01-01"),
    )
    write("tekun", "公民身份号码,姓名", listed(sorted(tekun), lambda x, i: f"{x},某"))
    write("medical_insured", "证件号码,参保年度", listed(sorted(insured), lambda x, i: f"{x},2021"))
    write("pension_insured", "社会保障号码,姓名", listed(sorted(pension), lambda x, i: f"{x},某"))
    write(
        "disability",
        "身份证号码,残疾类别,残疾等级",
        listed(sorted(disability), lambda x, i: f"{x},肢体残疾,{'一二三四'[disability[i] - 1]}级"),
    )
    kid_set = set(kids)

    def school_status(i: int) -> str:
        if i in dropouts:
            return "辍学"
        return "在校" if 2007 <= int(people[i][2][:4]) <= 2014 else "毕业"

    school_rows = kids + [i for i in sample(n) if i not in kid_set]
    write(
        "school",
        "身份证件号码,学籍状态",
        listed(
            school_rows[:n],
            lambda x, i: f"{x},{school_status(i)}",
        ),
    )
    write(
        "medical_cost",
        "身份证号,个人自付(元)",
        (f"{people[rng.randrange(p)][1]},{rng.randint(100, 3000)}.00" for _ in range(n)),
    )
    write(
        "exclusion",
        "身份证号码,比对类型",
        (
            f"{people[rng.randrange(p)][1] if rng.random() < 0.01 else stranger(k)},"
            f"{rng.choice(['车辆', '商品房', '工商登记'])}"
            for k in range(n)
        ),
    )
    print(f"{n} households, {p} members, 8 rosters of {n} rows in {args.out}")


if __name__ == "__main__":
    main()
